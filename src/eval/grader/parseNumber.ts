import type { NumberNode } from "./types";

const PERCENT = /\s*(?:%|\\text\{\s*percent\s*\}|\bpercent)$/;
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
