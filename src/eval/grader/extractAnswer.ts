import { closingBrace } from "./latexScan";

interface Span {
    start: number;
    end: number;
    content: string;
}

const BOX = /\\(?:boxed|fbox)(?![a-zA-Z])/g;
/** A number in running text: `-12`, `1,000.99`, `.5`, `2/3`, `4.5e33`, `28 %`. */
const NUMBER_IN_TEXT = /(?<![\w.)])-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:\.\d+|(?<=\d))(?:\/\d+)?(?:[eE][-+]?\d+)?(?:\s*(?:\\?%|percent\b))?/g;
/** GSM8K's `#### 42` answer line. */
const GSM8K_MARK = /^#### *(\S[^\n]*)$/gm;
/** Words that join several answers: `$1$ and $2$`, `\boxed{a}, \boxed{b}`. */
const CONNECTOR = /^[,;]?(?:and|or)?[,;]?$/;
/** Words that state a value just before it: `is 120`, `increases by 100%`, `= 4`. */
const STATED = /(?:\b(?:is|are|was|be|by|equals?|gives?|get)|[=:])\s*$/i;
/** Words that do not make a short answer prose (`1 and 2`, `28 percent`). */
const NOT_PROSE = new Set(["and", "or", "percent", "degrees", "degree"]);

/**
 * Cuts the final answer out of a model output (or a gold string), trying in order:
 * 1. the last `\boxed{...}` / `\fbox{...}` / `\boxed 5`, with the boxes just before it that only `,`,
 *    `and` or `or` separate from it (`\boxed{1} and \boxed{2}` gives `1, 2`);
 * 2. the last GSM8K `#### 42` line;
 * 3. the last `$...$`, `$$...$$`, `\(...\)` or `\[...\]`, joined the same way; but a number stated after it
 *    in plain text (`... of $ABCD$ is 120.`) wins;
 * 4. the whole string when it is a short answer rather than prose, else the last number in the text.
 */
export function extractAnswer(text: string): string {
    const source = repairEscapes(text);
    const boxes = findBoxes(source);
    if (boxes.length > 0) return joinTrailing(source, boxes);
    const marked = [...source.matchAll(GSM8K_MARK)].pop();
    if (marked) return marked[1].trim().replace(/\.$/, "");
    const math = findMathSpans(source);
    if (math.length > 0) {
        const tail = source.slice(math[math.length - 1].end);
        const tailNumber = lastNumberMatch(tail);
        const stated = tailNumber && STATED.test(tail.slice(Math.max(0, tailNumber.index - 24), tailNumber.index));
        return stated ? tailNumber.text : joinTrailing(source, math);
    }
    const trimmed = source.trim();
    if (!looksLikeProse(trimmed)) return trimmed;
    return lastNumber(trimmed) ?? trimmed;
}

/** Undoes double escaping seen in scraped data: a literal `\n`, and `\\frac` written for `\frac`. */
function repairEscapes(text: string): string {
    return text.replace(/\\n(?![a-zA-Z])/g, "\n").replace(/(?<!\\)\\\\(?=[a-zA-Z]{2,})/g, "\\");
}

function findBoxes(text: string): Span[] {
    const spans: Span[] = [];
    for (const match of text.matchAll(BOX)) {
        let i = match.index + match[0].length;
        while (text[i] === " ") i++;
        if (text[i] === "{") {
            const close = closingBrace(text, i);
            const end = close < 0 ? text.length : close;
            spans.push({ start: match.index, end, content: text.slice(i + 1, close < 0 ? end : end - 1) });
        } else if (i > match.index + match[0].length) {
            // `\boxed 5`: the argument is the next token.
            const token = /^[^\s$]+/.exec(text.slice(i))?.[0] ?? "";
            spans.push({ start: match.index, end: i + token.length, content: token.replace(/[.,;]+$/, "") });
        }
    }
    return spans.filter((span) => span.content.trim().length > 0);
}

/** Index of the next `delimiter` at or after `from` that is not an escaped `\$`. */
function indexOfUnescaped(text: string, delimiter: string, from: number): number {
    for (let i = text.indexOf(delimiter, from); i >= 0; i = text.indexOf(delimiter, i + 1)) {
        if (text[i - 1] !== "\\" || delimiter.startsWith("\\")) return i;
    }
    return -1;
}

function findMathSpans(text: string): Span[] {
    const spans: Span[] = [];
    const delimiters: [string, string][] = [["$$", "$$"], ["$", "$"], ["\\(", "\\)"], ["\\[", "\\]"]];
    for (let i = 0; i < text.length; i++) {
        if (text[i] === "\\" && text[i + 1] === "$") {
            i++;
            continue;
        }
        const pair = delimiters.find(([open]) => text.startsWith(open, i));
        if (!pair) continue;
        const [open, close] = pair;
        const end = indexOfUnescaped(text, close, i + open.length);
        if (end < 0) continue; // an unpaired `$` is currency or noise
        // `$24 + $40`: currency, not math (inline math neither spans lines nor runs into a number).
        if (open === "$" && (/^\d/.test(text.slice(end + 1)) || text.slice(i, end).includes("\n"))) continue;
        spans.push({ start: i, end: end + close.length, content: text.slice(i + open.length, end) });
        i = end + close.length - 1;
    }
    return spans.filter((span) => span.content.trim().length > 0);
}

/** The last span, joined with the spans before it that only a connector separates from it. */
function joinTrailing(text: string, spans: Span[]): string {
    let first = spans.length - 1;
    while (first > 0 && isConnector(text.slice(spans[first - 1].end, spans[first].start))) first--;
    return spans
        .slice(first)
        .map((span) => span.content.trim())
        .join(", ");
}

function isConnector(gap: string): boolean {
    const cleaned = gap
        .replace(/\\text\{([^{}]*)\}/g, "$1")
        .replace(/\\q?quad|\\[,;: ]|\\\\|\\[()[\]]|\$/g, "")
        .replace(/\s+/g, "")
        .toLowerCase();
    if (CONNECTOR.test(cleaned)) return true;
    // `\text{ for part (a) and }`: a short phrase that ends in a connector.
    return cleaned.length <= 24 && !/\d/.test(cleaned) && /(?:and|or|,|;)$/.test(cleaned);
}

function lastNumberMatch(text: string): { text: string; index: number } | undefined {
    let last: { text: string; index: number } | undefined;
    for (const match of text.matchAll(NUMBER_IN_TEXT)) last = { text: match[0].trim(), index: match.index };
    return last;
}

function lastNumber(text: string): string | undefined {
    return lastNumberMatch(text)?.text;
}

/** Prose has at least two real words outside `\text{}` (connectors and units like `percent` aside). */
function looksLikeProse(text: string): boolean {
    const bare = text.replace(/\\(?:text|mbox|textbf|textit|mathrm)\{[^{}]*\}/g, " ").replace(/\\[a-zA-Z]+/g, " ");
    const words = bare.split(/\s+/).filter((token) => /^[A-Za-z][A-Za-z']+[.,:;!?]?$/.test(token));
    return words.filter((word) => !NOT_PROSE.has(word.replace(/[.,:;!?]$/, "").toLowerCase())).length >= 2;
}
