import { measureInline } from "./measureInline";

/** Deepest nesting of block quotes and list items rendered as Markdown; marked and the DOM recurse per level. */
export const MAX_BLOCK_DEPTH = 32;
/** Deepest emphasis and bracket nesting in one paragraph rendered as Markdown. */
export const MAX_INLINE_DEPTH = 32;
/**
 * Most inline work (`InlineMeasure.work`) in one paragraph rendered as Markdown: at most about a quarter of
 * a second of marked's time. Long paragraphs of prose, formulas, lists or tables stay far below it; what
 * marked takes quadratic time over (thousands of unclosed emphases, brackets or formula lines in one
 * paragraph) goes over it within some ten thousand characters.
 */
export const MAX_INLINE_WORK = 100_000_000;

/** A stretch of text shown as it is, without Markdown, and why. */
export interface PlainStretch {
    start: number;
    end: number;
    /** Completes "Shown as plain text: …". */
    reason: string;
}

// A fence at the start of a line is a top-level code block wherever it stands (containers need a prefix,
// and a fence cannot continue a paragraph lazily), so its lines are code, never inline markup.
const FENCE_OPEN = /^(?:(`{3,})[^`]*|(~{3,}).*)$/;
const BLANK = /^[ \t]*$/;
// Raw HTML blocks that end at their closing tag rather than at a blank line; a fence inside one is text.
const HTML_START = /^[ \t]*<[A-Za-z/!?]/;
const HTML_ENDS: [RegExp, RegExp][] = [
    [/^[ \t]*<(?:pre|script|style|textarea)/i, /<\/(?:pre|script|style|textarea)>/i],
    [/^[ \t]*<!--/, /-->/],
    [/^[ \t]*<\?/, /\?>/],
    [/^[ \t]*<!\[CDATA\[/, /\]\]>/],
    [/^[ \t]*<!/, />/],
];

/**
 * Finds, in linear time, the paragraphs of `text` (runs of lines between blank lines and top-level code
 * fences) that are beyond the renderer's bounds: nested deeper than `MAX_BLOCK_DEPTH` or `MAX_INLINE_DEPTH`,
 * or with more inline work than `MAX_INLINE_WORK`. They are meant to be shown as plain text, so marked and
 * KaTeX never see them. The estimates err on the deep side; neighbouring stretches are merged.
 */
export function scanMarkdownBounds(text: string): PlainStretch[] {
    const plain: PlainStretch[] = [];
    let paragraph: { start: number; end: number; lines: string[]; reason?: string } | undefined;
    let fence: { marker: string } | undefined;
    let html: RegExp | "blank" | undefined;

    const closeParagraph = (): void => {
        if (!paragraph) return;
        const { start, end, lines } = paragraph;
        const inline = measureInline(lines.join("\n"));
        const reason = paragraph.reason ?? (inline.depth > MAX_INLINE_DEPTH ? `emphasis and brackets nested more than ${MAX_INLINE_DEPTH} deep` : inline.work > MAX_INLINE_WORK ? "too much markup in one paragraph to lay out quickly" : undefined);
        paragraph = undefined;
        if (!reason) return;
        const last = plain[plain.length - 1];
        if (last && /^\s*$/.test(text.slice(last.end, start))) last.end = end;
        else plain.push({ start, end, reason });
    };

    for (let start = 0; start <= text.length; ) {
        const newline = text.indexOf("\n", start);
        const end = newline < 0 ? text.length : newline;
        const line = text.slice(start, end);
        if (fence) {
            if (closesFence(line, fence.marker)) fence = undefined;
        } else if (BLANK.test(line)) {
            closeParagraph();
            if (html === "blank") html = undefined;
        } else {
            const opened = html === undefined ? FENCE_OPEN.exec(line) : null;
            if (opened) {
                closeParagraph();
                fence = { marker: opened[1] ?? opened[2]! };
            } else {
                if (html === undefined && HTML_START.test(line)) html = HTML_ENDS.find(([opens]) => opens.test(line))?.[1] ?? "blank";
                if (html instanceof RegExp && html.test(line)) html = undefined;
                const prefix = readPrefix(line);
                paragraph ??= { start, end, lines: [] };
                paragraph.end = end;
                paragraph.lines.push(line.slice(prefix.length));
                if (prefix.depth > MAX_BLOCK_DEPTH) paragraph.reason ??= `block quotes and lists nested more than ${MAX_BLOCK_DEPTH} deep`;
            }
        }
        if (newline < 0) break;
        start = newline + 1;
    }
    closeParagraph();
    return plain;
}

/** Whether `line` closes a fence opened by `marker`: at least as many of its characters, and nothing else. */
function closesFence(line: string, marker: string): boolean {
    const trimmed = line.trim();
    return trimmed.startsWith(marker) && trimmed.split(marker[0]!).every((part) => part === "");
}

/**
 * The block quote and list markers a line starts with: how many characters they take, and how deep they
 * put the line (each marker one level, plus one for every two columns of indentation beyond the space a
 * marker needs, since nested list items are indented).
 */
function readPrefix(line: string): { length: number; depth: number } {
    let at = 0;
    let columns = 0;
    let markers = 0;
    for (;;) {
        while (line[at] === " " || line[at] === "\t") columns += line[at++] === "\t" ? 4 : 1;
        if (line[at] === ">") {
            markers++;
            at++;
            continue;
        }
        let end = at;
        if (line[at] === "-" || line[at] === "+" || line[at] === "*") end = at + 1;
        else {
            while (end - at < 9 && line[end]! >= "0" && line[end]! <= "9") end++;
            end = end > at && (line[end] === "." || line[end] === ")") ? end + 1 : at;
        }
        if (end === at || (end < line.length && line[end] !== " " && line[end] !== "\t")) break;
        markers++;
        at = end;
    }
    return { length: at, depth: markers === 0 ? 0 : markers + Math.floor(Math.max(0, columns - markers) / 2) };
}
