import { closingBrace } from "./latexScan";

/** A stretch of the text that may hold the answer: `start`/`end` bound the whole span, `content` its inside. */
export interface Span {
    start: number;
    end: number;
    content: string;
}

/**
 * `\boxed`, `\fbox` and `\framebox`, and `\box`: not a LaTeX box command for an argument (plain TeX's `\box`
 * takes a register number), but what some models write for `\boxed`, so it counts when a brace follows.
 */
const BOX = /\\(?:boxed|fbox|framebox|box(?=\s*\{))(?![a-zA-Z])/g;
const BOX_TOKEN = /[^\s$]+/y;

/**
 * The top-level `\boxed{...}` / `\fbox{...}` / `\boxed 5` / `\boxed5` spans, left to right, in one pass: a box
 * inside a box is part of the outer one, and an unclosed box ends at the end of its line (a generation cut off
 * or looping on `\boxed{` must not make every later box a span of its own).
 */
export function findBoxes(text: string): Span[] {
    const spans: Span[] = [];
    BOX.lastIndex = 0;
    for (let match = BOX.exec(text); match; match = BOX.exec(text)) {
        let i = match.index + match[0].length;
        while (text[i] === " ") i++;
        if (text[i] === "{") {
            const lineEnd = endOfLine(text, i);
            const close = closingBrace(text, i, lineEnd);
            const end = close < 0 ? lineEnd : close;
            const content = text.slice(i + 1, close < 0 ? end : end - 1);
            spans.push({ start: match.index, end, content: close < 0 ? withoutStrayEscape(content) : content });
            BOX.lastIndex = end;
        } else if (i > match.index + match[0].length || /[\d\\(+\-.]/.test(text[i] ?? "")) {
            // `\boxed 5`, `\boxed5`: the argument is the next token (TeX takes one character, but outputs mean the number).
            BOX_TOKEN.lastIndex = i;
            const token = BOX_TOKEN.exec(text)?.[0] ?? "";
            spans.push({ start: match.index, end: i + token.length, content: token.replace(/[.,;]+$/, "") });
            BOX.lastIndex = i + token.length;
        }
    }
    return spans.filter((span) => span.content.trim().length > 0);
}

/**
 * `5\}` from `\boxed{5\}`: a backslash typed before the box's closing brace escapes it, so the box seemed
 * unclosed. When the content has more `\}` than `\{`, the last `\}` was that brace.
 */
function withoutStrayEscape(content: string): string {
    const trimmed = content.trimEnd();
    if (!trimmed.endsWith("\\}")) return content;
    const count = (token: string) => trimmed.split(token).length - 1;
    return count("\\}") > count("\\{") ? trimmed.slice(0, -2) : content;
}

function endOfLine(text: string, from: number): number {
    const newline = text.indexOf("\n", from);
    return newline < 0 ? text.length : newline;
}

/**
 * `indexOf` for a delimiter that skips an escaped `\$`, remembering its last answer so that scanning a text
 * with thousands of unpaired openers stays linear (no occurrence lies between a search start and its result).
 */
class DelimiterFinder {
    private readonly memo = new Map<string, { from: number; found: number }>();

    constructor(private readonly text: string) {}

    next(delimiter: string, from: number): number {
        const memo = this.memo.get(delimiter);
        if (memo && from >= memo.from && (memo.found < 0 || memo.found >= from)) return memo.found;
        let found = -1;
        for (let i = this.text.indexOf(delimiter, from); i >= 0; i = this.text.indexOf(delimiter, i + 1)) {
            if (this.text[i - 1] !== "\\" || delimiter.startsWith("\\")) {
                found = i;
                break;
            }
        }
        this.memo.set(delimiter, { from, found });
        return found;
    }
}

const DELIMITERS: [string, string][] = [
    ["$$", "$$"],
    ["$", "$"],
    ["\\(", "\\)"],
    ["\\[", "\\]"],
];

/** The `$...$`, `$$...$$`, `\(...\)` and `\[...\]` spans, left to right (linear in the text's length). */
export function findMathSpans(text: string): Span[] {
    const spans: Span[] = [];
    const finder = new DelimiterFinder(text);
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch !== "$" && ch !== "\\") continue;
        if (ch === "\\" && text[i + 1] === "$") {
            i++;
            continue;
        }
        const pair = DELIMITERS.find(([open]) => text.startsWith(open, i));
        if (!pair) continue;
        const [open, close] = pair;
        const end = finder.next(close, i + open.length);
        if (end < 0) continue; // an unpaired `$` is currency or noise
        // `$24 + $40`: currency, not math (inline math neither spans lines nor runs into a number).
        if (open === "$" && (/^\d/.test(text.slice(end + 1, end + 2)) || text.slice(i, end).includes("\n"))) continue;
        spans.push({ start: i, end: end + close.length, content: text.slice(i + open.length, end) });
        i = end + close.length - 1;
    }
    return spans.filter((span) => span.content.trim().length > 0);
}

/** `gap` with every part that lies inside one of `spans` (sorted, disjoint) removed. */
export function outsideSpans(text: string, start: number, end: number, spans: Span[]): string {
    let out = "";
    let at = start;
    let low = 0;
    let high = spans.length;
    while (low < high) {
        const mid = (low + high) >> 1;
        if (spans[mid].end <= start) low = mid + 1;
        else high = mid;
    }
    for (let k = low; k < spans.length && spans[k].start < end && at < end; k++) {
        if (spans[k].start > at) out += text.slice(at, Math.min(spans[k].start, end));
        at = Math.max(at, spans[k].end);
    }
    if (at < end) out += text.slice(at, end);
    return out;
}
