import { parseNumber } from "./parseNumber";
import type { MatrixNode, NumberNode } from "./types";

const ENVIRONMENT = /\\begin\{([pbvBV]?matrix|array)\}(?:\{[^{}]*\})?([\s\S]*?)\\end\{\1\}/g;
const OPERATORS: Record<string, "+" | "-" | "*"> = { "+": "+", "-": "-", "": "*", "\\cdot": "*", "\\times": "*" };

type Numbers = number[][];

function cells(body: string): Numbers | undefined {
    const rows = body.split(/\\\\/).map((row) => row.trim()).filter((row) => row.length > 0);
    const values = rows.map((row) => row.split("&").map((cell) => parseNumber(cell.trim())?.value));
    if (values.length === 0 || values.some((row) => row.length !== values[0].length || row.some((value) => value === undefined))) return undefined;
    return values as Numbers;
}

function add(a: Numbers, b: Numbers, sign: number): Numbers | undefined {
    if (a.length !== b.length || a[0].length !== b[0].length) return undefined;
    return a.map((row, i) => row.map((value, j) => value + sign * b[i][j]));
}

function multiply(a: Numbers, b: Numbers): Numbers | undefined {
    if (a[0].length !== b.length) return undefined;
    return a.map((row) => b[0].map((_, j) => row.reduce((sum, value, k) => sum + value * b[k][j], 0)));
}

function numberNode(value: number): NumberNode {
    const node: NumberNode = { kind: "number", latex: String(value), value, percent: false };
    if (Number.isInteger(value)) node.integer = String(value);
    return node;
}

/**
 * A sum, difference or product of matrices with numeric entries (`\begin{pmatrix}1&2\\3&4\end{pmatrix} +
 * \begin{pmatrix}5&6\\7&8\end{pmatrix}`), evaluated; undefined for anything else (one matrix alone, symbolic
 * entries, sizes that do not fit).
 */
export function evaluateMatrixExpression(latex: string): MatrixNode | undefined {
    const operands: Numbers[] = [];
    const operators: ("+" | "-" | "*")[] = [];
    let at = 0;
    for (const match of latex.matchAll(ENVIRONMENT)) {
        const gap = latex.slice(at, match.index).trim();
        if (operands.length === 0 ? gap !== "" : !(gap in OPERATORS)) return undefined;
        if (operands.length > 0) operators.push(OPERATORS[gap]);
        const values = cells(match[2]);
        if (!values) return undefined;
        operands.push(values);
        at = match.index + match[0].length;
    }
    if (operands.length < 2 || latex.slice(at).trim() !== "") return undefined;
    // Products bind tighter than sums.
    const terms: { sign: number; value: Numbers }[] = [{ sign: 1, value: operands[0] }];
    for (const [k, operator] of operators.entries()) {
        const last = terms[terms.length - 1];
        if (operator === "*") {
            const product = multiply(last.value, operands[k + 1]);
            if (!product) return undefined;
            last.value = product;
        } else terms.push({ sign: operator === "+" ? 1 : -1, value: operands[k + 1] });
    }
    let total: Numbers | undefined = terms[0].value;
    for (const term of terms.slice(1)) total = total && add(total, term.value, term.sign);
    return total && { kind: "matrix", rows: total.map((row) => row.map(numberNode)) };
}
