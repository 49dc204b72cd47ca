import type { NumberNode } from "./types";

/**
 * A percent sign or word after a number: `28%`, `28 percent`, `28 per cent`, `28 percentage` and `28 pct` (the
 * last two are how some outputs and answer keys abbreviate it; all mean the number is a percentage).
 */
const PERCENT_WORD = "(?:percent(?:age)?|per\\s?cent|pct)";
export const PERCENT = new RegExp(`\\s*(?:%|\\\\text\\{\\s*${PERCENT_WORD}\\s*\\}|(?<![A-Za-z])${PERCENT_WORD})$`);
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const THOUSANDS_COMMA = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;
/** `1,22`, `0,111`: one comma between digits, read as a decimal point when `decimalComma` is set. */
export const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;
const THOUSANDS_SPACE = /^\d{1,3}(?: \d{3})+(?:\.\d+)?$/;
/** `3 \times 10^{8}`, `1.5\cdot10^{-3}`. */
const SCIENTIFIC = /^(\d+\.?\d*|\.\d+)\s*(?:\\times|\\cdot)\s*10\s*\^\s*\{?\s*([-+]?\d+)\s*\}?$/;

/** How `parseNumber` reads commas. */
export interface NumberParseOptions {
    /** Read `1,000` as one thousand (true) rather than as the list 1, 0 (false). Default true. */
    thousands?: boolean;
    /** Read a lone comma between digits (`1,22`) as a decimal point. Default false. */
    decimalComma?: boolean;
}

/** A number literal (LaTeX already normalized), or undefined when the string is anything else. */
export function parseNumber(latex: string, options: NumberParseOptions = {}): NumberNode | undefined {
    let text = latex.trim();
    const percent = PERCENT.test(text);
    if (percent) text = text.replace(PERCENT, "").trim();
    let sign = "";
    if (/^[-+]/.test(text)) {
        sign = text[0] === "-" ? "-" : "";
        text = text.slice(1).trim();
    }
    if (options.decimalComma && DECIMAL_COMMA.test(text)) text = text.replace(",", ".");
    else if ((options.thousands ?? true) && THOUSANDS_COMMA.test(text)) text = text.replace(/,/g, "");
    if (THOUSANDS_SPACE.test(text)) text = text.replace(/ /g, "");
    let value: number;
    const scientific = SCIENTIFIC.exec(text);
    if (scientific) value = Number(`${scientific[1]}e${scientific[2]}`);
    else if (DECIMAL.test(text)) value = Number(text);
    else return undefined;
    if (!Number.isFinite(value)) return undefined;
    const node: NumberNode = { kind: "number", latex: sign + text, value: sign ? -value : value, percent };
    if (/^\d+$/.test(text)) node.integer = sign + (text.replace(/^0+(?=\d)/, "") || "0");
    if (node.integer === "-0") node.integer = "0";
    return node;
}

/** `1 1/2`, `-2 3/4`, `1\frac{1}{2}`, `3 \frac{2}{5}`: a whole number, then a proper fraction of integers. */
const MIXED_NUMBER = /^([-+]?)(\d+)(?:\s+(\d+)\s*\/\s*(\d+)|\s*\\frac\{(\d+)\}\{(\d+)\})$/;

/**
 * A mixed number as an improper fraction in LaTeX (`1 1/2` gives `\frac{3}{2}`), or undefined. Read as a sum,
 * as a recipe or an answer key (GSM8K) means it: neither as the product 1·1/2 nor as `11/2`, which is how the
 * compute engine reads `1 1/2` (it drops the space between digits). Only a proper fraction (numerator below
 * denominator) makes a mixed number, and a sign in front applies to the whole of it (`-1 1/2` is -3/2).
 */
export function parseMixedNumber(latex: string): string | undefined {
    const match = MIXED_NUMBER.exec(latex.trim());
    if (!match) return undefined;
    const [, sign, wholeText] = match;
    const numeratorText = match[3] ?? match[5];
    const denominatorText = match[4] ?? match[6];
    const whole = BigInt(wholeText);
    const numerator = BigInt(numeratorText);
    const denominator = BigInt(denominatorText);
    if (denominator === 0n || numerator >= denominator) return undefined;
    return `${sign === "-" ? "-" : ""}\\frac{${whole * denominator + numerator}}{${denominator}}`;
}
