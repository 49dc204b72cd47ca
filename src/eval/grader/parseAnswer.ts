import { parseClockTime } from "./clockTime";
import { extractAnswer } from "./extractAnswer";
import type { ExtractMode } from "./types";
import { closingBracket, findTopLevel, isWrapped, splitTopLevel } from "./latexScan";
import { evaluateMatrixExpression } from "./matrixArithmetic";
import { normalizeLatex } from "./normalizeLatex";
import { DECIMAL_COMMA, parseMixedNumber, parseNumber, PERCENT, type NumberParseOptions } from "./parseNumber";
import { stripUnits } from "./units";
import type { AnswerNode, ParsedAnswer, RelationOperator } from "./types";

/** Options of `parseAnswer`. */
export type ParseOptions = NumberParseOptions;

const LIST_SEPARATOR = /,|;|\band\b|\bor\b/;
const RELATION = /\\le(?![a-zA-Z])|\\ge(?![a-zA-Z])|\\ne(?![a-zA-Z])|<|>|=/;
const APPROXIMATION = /\\approx(?![a-zA-Z])|\\simeq(?![a-zA-Z])/;
const IMPLICATION = /\\(?:Rightarrow|Longrightarrow|implies|therefore)(?![a-zA-Z])/;
const MATRIX = /^\\begin\{([pbvBV]?matrix|smallmatrix|array)\}(?:\{[^{}]*\})?([\s\S]*)\\end\{\1\}$/;
const THOUSANDS_NUMBER = /^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?\s*%?$/;
/** Longest answer the parser reads; a longer one is unparseable (gold answers and boxes are far shorter). */
export const MAX_ANSWER_CHARS = 2000;
/** Deepest bracket nesting the parser reads; deeper is unparseable (the parser and the engine recurse per level). */
export const MAX_ANSWER_DEPTH = 40;

/** Extracts the answer from `text` (see `extractAnswer`, `mode` default `last`) and parses it. */
export function parseAnswer(text: string, options: ParseOptions = {}, mode: ExtractMode = "last"): ParsedAnswer {
    return parseExtracted(extractAnswer(text, mode), options);
}

/**
 * Parses an answer that was already cut out of its text. One longer than `MAX_ANSWER_CHARS` or nested deeper
 * than `MAX_ANSWER_DEPTH` is `unparseable`, so the work per answer is bounded whatever the input.
 */
export function parseExtracted(extracted: string, options: ParseOptions = {}): ParsedAnswer {
    if (extracted.length > MAX_ANSWER_CHARS) return unparseable(extracted, `longer than ${MAX_ANSWER_CHARS} characters`);
    if (bracketDepth(extracted) > MAX_ANSWER_DEPTH) return unparseable(extracted, `brackets nested deeper than ${MAX_ANSWER_DEPTH}`);
    const normalized = normalizeLatex(extracted);
    return { ...parseNode(normalized, options), extracted, normalized };
}

/** An answer the grader does not read; `extracted` keeps its first 200 characters so output stays small. */
export function unparseable(extracted: string, reason: string): ParsedAnswer {
    const clipped = extracted.length <= 200 ? extracted : `${extracted.slice(0, 200)}…`;
    return { kind: "unparseable", reason, extracted: clipped, normalized: "" };
}

/** The deepest nesting of `( [ {` in `text` (unbalanced closers ignored). */
function bracketDepth(text: string): number {
    let depth = 0;
    let deepest = 0;
    for (const ch of text) {
        if (ch === "(" || ch === "[" || ch === "{") deepest = Math.max(deepest, ++depth);
        else if ((ch === ")" || ch === "]" || ch === "}") && depth > 0) depth--;
    }
    return deepest;
}

/** Parses normalized LaTeX into its answer shape; several answers side by side become a list. */
export function parseNode(latex: string, options: ParseOptions = {}): AnswerNode {
    const text = latex.replace(/\\text\{\s*(and|or|,)\s*\}/g, " $1 ").trim();
    // `1,000 apples` and `1,000dollars` are one number with a unit, not the list 1, 0.
    const bare = stripUnits(text);
    const oneNumber = ((options.thousands ?? true) && THOUSANDS_NUMBER.test(bare)) || (options.decimalComma === true && DECIMAL_COMMA.test(bare));
    // `p=5,q=2;p=7,q=2`: semicolons separate groups, each of which keeps its order (it answers a tuple).
    const groups = oneNumber ? [] : splitTopLevel(text, /;/);
    if (groups.length > 1 && groups.some((group) => findTopLevel(group, /,/).length > 0)) {
        return { kind: "list", items: groups.map((group) => parseNode(group, options)) };
    }
    const parts = oneNumber ? [text] : splitTopLevel(text, LIST_SEPARATOR);
    if (parts.length === 0) return { kind: "empty" };
    if (parts.length === 1) return parseItem(parts[0], options);
    return { kind: "list", items: parts.flatMap((part) => flattenList(parseItem(part, options))) };
}

function flattenList(node: AnswerNode): AnswerNode[] {
    return node.kind === "list" ? node.items : [node];
}

/** Parses one answer (no top-level list separators left). */
export function parseItem(latex: string, options: ParseOptions = {}): AnswerNode {
    let text = latex.trim();
    // `x \approx 11` states 11; `\frac{1}{3} \approx 0.33` keeps the exact value before it.
    const approximation = findTopLevel(text, APPROXIMATION)[0];
    if (approximation && approximation.index > 0) {
        const before = text.slice(0, approximation.index).trim();
        const after = text.slice(approximation.index + approximation.text.length);
        const next = findTopLevel(after, APPROXIMATION)[0];
        text = isNameLike(before) ? after.slice(0, next?.index ?? after.length).trim() : before;
    }
    const implications = findTopLevel(text, IMPLICATION);
    if (implications.length > 0) {
        const last = implications[implications.length - 1];
        text = text.slice(last.index + last.text.length).trim();
    }
    if (text.length === 0) return { kind: "empty" };
    const member = findTopLevel(text, /\\in(?![a-zA-Z])/)[0];
    if (member && isNameLike(text.slice(0, member.index))) return parseItem(text.slice(member.index + 3), options);
    const unions = splitTopLevel(text, /\\cup(?![a-zA-Z])/);
    if (unions.length > 1) return { kind: "union", items: unions.map((part) => parseItem(part, options)) };
    const grouping = parseGrouping(text, options) ?? (text.includes("\\begin{") ? evaluateMatrixExpression(text) : undefined);
    if (grouping) return grouping;
    if (/\\(?:pm|mp)(?![a-zA-Z])/.test(text)) {
        // `1 \pm \sqrt{5}` stands for two answers.
        const plus = text.replace(/\\pm(?![a-zA-Z])/g, "+").replace(/\\mp(?![a-zA-Z])/g, "-");
        const minus = text.replace(/\\pm(?![a-zA-Z])/g, "-").replace(/\\mp(?![a-zA-Z])/g, "+");
        return { kind: "list", items: [plus, minus].flatMap((variant) => flattenList(parseItem(variant, options))) };
    }
    return parseRelation(text) ?? parseScalar(text, options);
}

function parseRelation(text: string): AnswerNode | undefined {
    const operators = findTopLevel(text, RELATION);
    if (operators.length === 0) return undefined;
    const sides: string[] = [];
    let start = 0;
    for (const operator of operators) {
        sides.push(text.slice(start, operator.index).trim());
        start = operator.index + operator.text.length;
    }
    sides.push(text.slice(start).trim());
    if (sides.some((side) => side.length === 0)) return undefined;
    return { kind: "relation", sides, operators: operators.map((operator) => operator.text as RelationOperator) };
}

/** Sets, tuples, intervals, matrices and bracketed or braced groups; undefined for anything else. */
function parseGrouping(text: string, options: ParseOptions): AnswerNode | undefined {
    const matrix = MATRIX.exec(text.replace(/^[[(]\s*(\\begin[\s\S]*\\end\{[^{}]*\})\s*[\])]$/, "$1"));
    if (matrix && !/\\begin\{/.test(matrix[2])) {
        const rows = splitTopLevel(matrix[2], /\\\\/).map((row) => row.split("&").map((cell) => parseItem(cell, options)));
        return { kind: "matrix", rows };
    }
    if (text === "\\emptyset" || /^\\\{\s*\\\}$/.test(text)) return { kind: "set", items: [] };
    if (text.startsWith("\\{") && text.endsWith("\\}") && closingBracket(text, 1) === text.length - 1) {
        const items = splitTopLevel(text.slice(2, -2), /,|;/).flatMap((part) => flattenList(parseItem(part, options)));
        return { kind: "set", items };
    }
    if (text.startsWith("{") && closingBracket(text, 0) === text.length - 1) return parseNode(text.slice(1, -1), options);
    if (!isWrapped(text) || !"([".includes(text[0]) || !")]".includes(text[text.length - 1])) return undefined;
    const inner = text.slice(1, -1);
    // `(0;-2;6)`: a semicolon separates coordinates when no comma does.
    const parts = splitTopLevel(inner, findTopLevel(inner, /,/).length === 0 ? /;/ : /,/);
    if (parts.length <= 1) return parts.length === 0 ? { kind: "empty" } : parseItem(parts[0], options);
    const items = parts.map((part) => parseItem(part, options));
    const open = text[0] === "(" && text[text.length - 1] === ")";
    const infinite = parts.some((part) => /\\infty/.test(part));
    if (parts.length === 2 && (!open || infinite)) {
        return { kind: "interval", leftClosed: text[0] === "[", rightClosed: text.endsWith("]"), lower: items[0], upper: items[1] };
    }
    return { kind: "tuple", items };
}

function parseScalar(latex: string, options: ParseOptions): AnswerNode {
    let text = latex;
    const wholeText = /^\\text\{([^{}]*)\}$/.exec(text);
    if (wholeText) {
        const words = wholeText[1].trim().replace(/^\((\w+)\)$/, "$1");
        return parseNumber(words, options) ?? { kind: "text", text: words };
    }
    // Before units go, or `8:34 PM` would lose its `PM`.
    const time = parseClockTime(text);
    if (time) return time;
    text = stripUnits(text);
    const number = parseNumber(text, options);
    if (number) return number;
    const mixed = parseMixedNumber(text);
    if (mixed) return { kind: "expression", latex: mixed };
    // `\frac{1}{2}\%`: an expression can be a percentage as much as a number literal can (it also stands for 0.005).
    const percent = PERCENT.exec(text);
    if (percent && percent.index > 0) {
        const value = text.slice(0, percent.index).trim();
        return { kind: "expression", latex: parseMixedNumber(value) ?? value, percent: true };
    }
    if (/^[A-Za-z][A-Za-z' ]*[A-Za-z]$/.test(text) && /[A-Za-z]{2,}/.test(text)) return { kind: "text", text };
    return { kind: "expression", latex: text };
}

/** A name rather than a value: `x`, `a_{3}`, `f(x)`, `|AB|`, `(x, y)`, `\frac{NO}{BO}`; no digits or arithmetic. */
export function isNameLike(latex: string): boolean {
    const bare = latex.replace(/_\{[^{}]*\}|_\\?[A-Za-z0-9]+|\^\{?\\prime\}?|'/g, "").trim();
    if (!/[A-Za-z]/.test(bare)) return false;
    return !/[\d+\-*^=<>]|\\(?:cdot|times|sqrt|pm|div|infty)(?![a-zA-Z])/.test(bare);
}
