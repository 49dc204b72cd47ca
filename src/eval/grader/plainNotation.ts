import { closingBracket } from "./latexScan";

/**
 * Plain-text and programming notation, as models write it outside LaTeX (`sqrt(3) - 1`, `2**(1/4)`,
 * `(3*sqrt(5))/7`, `pi/2`, `exp(-x)`), rewritten as the LaTeX the compute engine reads: `\sqrt{3} - 1`,
 * `2^{(1/4)}`. Sympy-based graders (Math-Verify's expression extraction) read these as Python; the engine
 * reads LaTeX only, where `sqrt(3)` would be the product s·q·r·t·3 and `2^(1/4)` a parse error. `*` needs no
 * rewrite: the engine reads it as multiplication.
 */
export function plainToLatex(text: string): string {
    let out = rewriteCalls(text);
    out = out.replace(/(?<![A-Za-z\\{])(arcsin|arccos|arctan|sinh|cosh|tanh|sin|cos|tan|cot|sec|csc|log|ln|exp)(?=\s*\()/g, "\\$1");
    out = out.replace(/(?<![A-Za-z\\])pi(?![A-Za-z])/g, "\\pi ");
    out = out.replace(/(?<![A-Za-z\\])(?:infinity|inf)(?![A-Za-z])/g, "\\infty ");
    return bracePowers(out);
}

/** `sqrt(...)`, `\sqrt(...)`, `cbrt(...)`, `abs(...)` and `sqrt{...}`, with their argument found by bracket matching. */
function rewriteCalls(text: string): string {
    const call = /(?<![A-Za-z\\])(\\?)(sqrt|cbrt|abs)\s*([({])/g;
    let out = "";
    let at = 0;
    for (let match = call.exec(text); match; match = call.exec(text)) {
        const [, backslash, name, bracket] = match;
        const open = match.index + match[0].length - 1;
        // `\sqrt{...}` is LaTeX already; `abs{` and `cbrt{` are no notation anyone writes.
        if (bracket === "{" && (backslash || name !== "sqrt")) continue;
        if (backslash && name !== "sqrt") continue;
        const close = closingBracket(text, open);
        if (close < 0) break;
        const inner = rewriteCalls(text.slice(open + 1, close));
        const written = name === "abs" ? `|${inner}|` : name === "cbrt" ? `\\sqrt[3]{${inner}}` : `\\sqrt{${inner}}`;
        out += text.slice(at, match.index) + written;
        at = close + 1;
        call.lastIndex = close + 1;
    }
    return out + text.slice(at);
}

/**
 * `**` as `^`, and a power's exponent in braces when it is a bracketed group (`^(1/4)`) or, after `**`, a signed
 * number or name (`2**-1`, `x**12`): LaTeX would raise to `(` or to the first digit only. A `**` with no operand
 * before or after it (Markdown bold, `**5**`) stays as written.
 */
function bracePowers(text: string): string {
    let out = "";
    let i = 0;
    while (i < text.length) {
        const starStar = text.startsWith("**", i) && /[\w)\]}.]/.test(out.trimEnd().slice(-1));
        if (text[i] !== "^" && !starStar) {
            out += text[i++];
            continue;
        }
        let j = i + (starStar ? 2 : 1);
        while (text[j] === " ") j++;
        const close = text[j] === "(" ? closingBracket(text, j) : -1;
        const operand = starStar ? /^-?(?:\d*\.?\d+|[A-Za-z](?![A-Za-z]))/.exec(text.slice(j, j + 40))?.[0] : undefined;
        if (close > 0) {
            out += `^{${bracePowers(text.slice(j, close + 1))}}`;
            i = close + 1;
        } else if (operand) {
            out += `^{${operand}}`;
            i = j + operand.length;
        } else if (starStar && !/^[\\{]/.test(text.slice(j, j + 1))) {
            out += text.slice(i, j);
            i = j;
        } else {
            out += "^";
            i = starStar ? i + 2 : i + 1;
        }
    }
    return out;
}
