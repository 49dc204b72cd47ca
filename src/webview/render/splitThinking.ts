/** A stretch of the answer: ordinary answer text, or a model's `<think>` section (tags excluded). */
export interface TextSection {
    kind: "answer" | "thinking";
    /** Offset of the section's content in the answer text. */
    start: number;
    /** Offset just past its content. */
    end: number;
    /** For thinking: false while its `</think>` has not arrived (still streaming, or cut off). */
    closed: boolean;
}

const OPEN = "<think>";
const CLOSE = "</think>";

/**
 * Splits Qwen3-style reasoning from the answer. A `<think>` opens only at the start of a line (so one quoted
 * mid-sentence or in inline code stays text); the first `</think>` after it closes it, and an unterminated
 * one runs to the end. A `</think>` before any `<think>` closes a section that began at the start of the
 * answer: chat templates that prefill `<think>` in the prompt produce exactly that.
 */
export function splitThinking(text: string): TextSection[] {
    const sections: TextSection[] = [];
    let position = 0;
    const firstClose = text.indexOf(CLOSE);
    const firstOpen = findOpen(text, 0);
    // A quoted tag (`</think>` in inline code) is text, not a section end.
    if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen) && text[firstClose - 1] !== "`") {
        sections.push({ kind: "thinking", start: 0, end: firstClose, closed: true });
        position = firstClose + CLOSE.length;
    }
    while (position < text.length) {
        const open = findOpen(text, position);
        if (open < 0) break;
        if (open > position) sections.push({ kind: "answer", start: position, end: open, closed: true });
        const contentStart = open + OPEN.length;
        const close = text.indexOf(CLOSE, contentStart);
        if (close < 0) {
            sections.push({ kind: "thinking", start: contentStart, end: text.length, closed: false });
            return sections;
        }
        sections.push({ kind: "thinking", start: contentStart, end: close, closed: true });
        position = close + CLOSE.length;
    }
    if (position < text.length) sections.push({ kind: "answer", start: position, end: text.length, closed: true });
    return sections;
}

/** The next `<think>` at or after `from` that only whitespace precedes on its line, or -1. */
function findOpen(text: string, from: number): number {
    for (let at = text.indexOf(OPEN, from); at >= 0; at = text.indexOf(OPEN, at + 1)) {
        const lineStart = text.lastIndexOf("\n", at - 1) + 1;
        if (text.slice(lineStart, at).trim() === "") return at;
    }
    return -1;
}
