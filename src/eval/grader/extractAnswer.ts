import { findBoxes, findMathSpans, outsideSpans, type Span } from "./answerSpans";
import { closingBrace } from "./latexScan";
import { parseMixedNumber } from "./parseNumber";
import type { ExtractMode } from "./types";

/**
 * A number in running text: `-12`, `1,000.99`, `2,74` (decimal comma), `.5`, `2/3`, `4.5e33`, `28 %`, `28 pct`;
 * also a time of day (`8:34 p.m.`, `20:34:00`) and a mixed number (`1 1/2`), which would otherwise leave only
 * their last part (`34`, `1/2`).
 */
const NUMBER_IN_TEXT =
    /(?<![\w.)])-?(?:\d{1,2}:\d{2}(?::\d{2})?(?!\d)(?:\s?[AaPp]\.?[Mm](?![A-Za-z])\.?)?|\d+ \d+\/\d+(?![\d/])|(?<![\d,])\d+,(?:\d{1,2}|\d{4,})(?![\d,])|(?:[1-9]\d{0,2}(?:,\d{3})+(?!\d)|\d+)?(?:\.\d+|(?<=\d))(?:\/\d+)?(?:[eE][-+]?\d+)?)(?:\s*(?:\\?%|(?:percent(?:age)?|per cent|pct)\b))?/g;
/** The same, for finding the first number (not global, so no `lastIndex` state is shared). */
const FIRST_NUMBER = new RegExp(NUMBER_IN_TEXT.source);
/** GSM8K's `#### 42` answer line. */
const GSM8K_MARK = /^#### *(\S[^\n]*)$/gm;
/** Minerva's ending: `Final Answer: The final answer is $10,455$. I hope it is correct.` */
const MINERVA = /final answer is:?\s*([^\n]{1,300}?)\.?\s?I hope/gi;
/** An answer word: the value follows it within a few words (`Answer: 3`, `the answer is $x=2$`). */
const ANSWER_WORD = /\banswer\b/gi;
/** How far after an answer word its value may start (Math-Verify allows 50 characters). */
const ANSWER_WINDOW = 50;
/** The reference evaluation's pattern: the first `\boxed{` up to the last `}` on the same line. */
const REFERENCE_BOX = /\\boxed\s*\{([^\n]+)\}/i;
/** Words that join several answers: `$1$ and $2$`, `\boxed{a}, \boxed{b}`. */
const CONNECTOR = /^[,;]?(?:and|or)?[,;]?$/;
/** Words that state a value just before it: `is 120`, `increases by 100%`, `= 4`. */
const STATED = /(?:\b(?:is|are|was|be|by|equals?|gives?|get)|[=:])\s*$/i;
/** Words that do not make a short answer prose (`1 and 2`, `28 percent`). */
const NOT_PROSE = new Set(["and", "or", "percent", "percentage", "pct", "degrees", "degree"]);

/**
 * Cuts the final answer out of a model output (or a gold string). In `last` mode (default), in order:
 * 1. the last `\boxed{...}` / `\fbox{...}` / `\boxed 5`, with the boxes before it that only `,`, `and` or
 *    `or` separate from it, text inside the same math spans not counted (`\boxed{1} and \boxed{2}`,
 *    `\( y_1 = \boxed{a} \) and \( y_2 = \boxed{b} \)` give two answers); but a Minerva ending
 *    (`The final answer is $X$. I hope it is correct.`) after the last box wins;
 * 2. a Minerva ending; the last GSM8K `#### 42` line;
 * 3. the value just after the last answer word (`Answer: 3`, `the answer is $2$`);
 * 4. the last `$...$`, `$$...$$`, `\(...\)` or `\[...\]`, joined the same way; but a number stated after it
 *    in plain text (`... of $ABCD$ is 120.`) wins;
 * 5. the whole string when it is a short answer rather than prose (a label such as `Total:` before its
 *    first digit makes it prose), else the last number in the text.
 * Linear in the length of `text`.
 */
export function extractAnswer(text: string, mode: ExtractMode = "last"): string {
    const source = repairEscapes(text);
    if (mode === "first") {
        const box = REFERENCE_BOX.exec(source);
        if (!box) return "";
        // The reference hands `box[1]` to Math-Verify, which reads a leading `5}$. Then \boxed{6` as 5:
        // the box's own content when it closes on the line stands for that.
        const open = box.index + box[0].indexOf("{");
        const close = closingBrace(source, open, box.index + box[0].length);
        return close < 0 ? box[1].trim() : source.slice(open + 1, close - 1).trim();
    }
    const spans = findMathSpans(source);
    const boxes = findBoxes(source);
    const minerva = lastMatch(source, MINERVA);
    if (boxes.length > 0 && !(minerva && minerva.index > boxes[boxes.length - 1].end)) return joinTrailing(source, boxes, spans);
    if (minerva) return extractPlain(minerva[1]);
    const marked = lastMatch(source, GSM8K_MARK);
    if (marked) return marked[1].trim().replace(/\.$/, "");
    return afterAnswerWord(source, spans) ?? extractPlain(source, spans);
}

/** Steps 4 and 5 of `extractAnswer`. */
function extractPlain(source: string, spans = findMathSpans(source)): string {
    if (spans.length > 0) {
        const tail = source.slice(spans[spans.length - 1].end);
        const tailNumber = lastNumberMatch(tail);
        const stated = tailNumber && STATED.test(tail.slice(Math.max(0, tailNumber.index - 24), tailNumber.index));
        return stated ? tailNumber.text : joinTrailing(source, spans, spans);
    }
    const trimmed = source.trim();
    if (!looksLikeProse(trimmed)) return trimmed;
    return lastNumber(trimmed) ?? trimmed;
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
    let last: RegExpExecArray | undefined;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) last = match;
    return last;
}

/** The first math span, or else the first number, starting within `ANSWER_WINDOW` characters after the last answer word that has one. */
function afterAnswerWord(text: string, spans: Span[]): string | undefined {
    const words = [...text.matchAll(ANSWER_WORD)];
    for (let k = words.length - 1; k >= 0 && k >= words.length - 8; k--) {
        const from = words[k].index + words[k].length;
        const window = text.slice(from, from + ANSWER_WINDOW + 200).split(/\n\s*\n/)[0];
        const spanIndex = spans.findIndex((span) => span.start >= from && span.start < from + Math.min(ANSWER_WINDOW, window.length));
        if (spanIndex >= 0) {
            // `Answer: The largest $n$ is 34.`: a number stated after the span in the same sentence wins.
            const sentence = text.slice(spans[spanIndex].end, from + ANSWER_WINDOW + 200).split(/[.!?](?:\s|$)|\n/)[0];
            const stated = lastNumberMatch(sentence);
            if (stated && !sentence.includes("$") && STATED.test(sentence.slice(Math.max(0, stated.index - 24), stated.index))) return stated.text;
            let last = spanIndex;
            while (last + 1 < spans.length && isConnector(text.slice(spans[last].end, spans[last + 1].start))) last++;
            return spans
                .slice(spanIndex, last + 1)
                .map((span) => span.content.trim())
                .join(", ");
        }
        const first = FIRST_NUMBER.exec(window);
        const number = first && properNumber(first[0], first.index);
        if (number && number.index < ANSWER_WINDOW && !window.slice(0, number.index).includes("$")) return number.text;
    }
    return undefined;
}

/** Undoes double escaping seen in scraped data: a literal `\n`, and `\\frac` written for `\frac`. */
function repairEscapes(text: string): string {
    return text.replace(/\\n(?![a-zA-Z])/g, "\n").replace(/(?<!\\)\\\\(?=[a-zA-Z]{2,})/g, "\\");
}

/** The last span, joined with the spans before it that only a connector (outside math) separates from it. */
function joinTrailing(text: string, spans: Span[], mathSpans: Span[]): string {
    let first = spans.length - 1;
    while (first > 0 && isConnector(outsideSpans(text, spans[first - 1].end, spans[first].start, mathSpans))) first--;
    return spans
        .slice(first)
        .map((span) => span.content.trim())
        .join(", ");
}

function isConnector(gap: string): boolean {
    if (gap.length > 200) return false;
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
    for (const match of text.matchAll(NUMBER_IN_TEXT)) last = properNumber(match[0], match.index);
    return last;
}

/** A match of `NUMBER_IN_TEXT`, but of `5 7/3` (no mixed number: the fraction is improper) only `7/3`. */
function properNumber(text: string, index: number): { text: string; index: number } {
    const space = text.indexOf(" ");
    if (space < 0 || !/^-?\d+ \d+\/\d+$/.test(text) || parseMixedNumber(text) !== undefined) return { text: text.trim(), index };
    return { text: text.slice(space + 1), index: index + space + 1 };
}

function lastNumber(text: string): string | undefined {
    return lastNumberMatch(text)?.text;
}

/**
 * Prose has at least two real words outside `\text{}` (connectors and units like `percent` aside), or a
 * label before its first digit (`Soucis : 2,74`).
 */
function looksLikeProse(text: string): boolean {
    const bare = text.replace(/\\(?:text|mbox|textbf|textit|mathrm)\{[^{}]*\}/g, " ").replace(/\\[a-zA-Z]+/g, " ");
    const words = bare.split(/\s+/).filter((token) => /^[A-Za-z][A-Za-z']+[.,:;!?]?$/.test(token));
    if (words.filter((word) => !NOT_PROSE.has(word.replace(/[.,:;!?]$/, "").toLowerCase())).length >= 2) return true;
    const firstDigit = bare.search(/\d/);
    return firstDigit > 0 && /(?<![A-Za-z])[A-Za-z]{3,}\s*:/.test(bare.slice(0, firstDigit));
}
