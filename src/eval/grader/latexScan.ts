/**
 * Bracket-aware scanning of LaTeX strings. Any of `( [ {` opens and any of `) ] }` closes, so half-open
 * intervals such as `[0,1)` still balance; `\{` and `\}` count like plain braces.
 */

const OPENERS = new Set(["(", "[", "{"]);
const CLOSERS = new Set([")", "]", "}"]);

/** Index just past the `}` that closes the `{` at `open`, or -1 when it is not closed before `limit` (default: the end). */
export function closingBrace(text: string, open: number, limit = text.length): number {
    let depth = 0;
    for (let i = open; i < limit; i++) {
        const ch = text[i];
        if (ch === "\\") {
            i++; // an escaped brace does not count
            continue;
        }
        if (ch === "{") depth++;
        else if (ch === "}" && --depth === 0) return i + 1;
    }
    return -1;
}

/** Index of the bracket that closes the one at `open` (any bracket type), or -1. */
export function closingBracket(text: string, open: number): number {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        const ch = text[i];
        if (OPENERS.has(ch)) depth++;
        else if (CLOSERS.has(ch) && --depth === 0) return i;
    }
    return -1;
}

/** True when the whole string is one bracketed group: its first bracket closes at the last character. */
export function isWrapped(text: string): boolean {
    return text.length >= 2 && OPENERS.has(text[0]) && closingBracket(text, 0) === text.length - 1;
}

/** Calls `visit(index)` for every position at bracket depth 0; stops early when `visit` returns true. */
function scanTopLevel(text: string, visit: (index: number) => boolean | void): void {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (depth === 0 && visit(i)) return;
        if (OPENERS.has(ch)) depth++;
        else if (CLOSERS.has(ch)) depth = Math.max(0, depth - 1);
    }
}

/** A separator or operator found at depth 0. */
export interface TopLevelMatch {
    index: number;
    text: string;
}

/** All matches of `pattern` (made sticky here) that start at bracket depth 0. */
export function findTopLevel(text: string, pattern: RegExp): TopLevelMatch[] {
    const sticky = new RegExp(pattern.source, pattern.flags.replace("g", "") + "y");
    const found: TopLevelMatch[] = [];
    let skipUntil = 0;
    scanTopLevel(text, (i) => {
        if (i < skipUntil) return;
        sticky.lastIndex = i;
        const match = sticky.exec(text);
        if (match && match[0].length > 0) {
            found.push({ index: i, text: match[0] });
            skipUntil = i + match[0].length;
        }
    });
    return found;
}

/** Splits at every depth-0 match of `separator`; parts are trimmed, empty parts kept out. */
export function splitTopLevel(text: string, separator: RegExp): string[] {
    const parts: string[] = [];
    let start = 0;
    for (const match of findTopLevel(text, separator)) {
        parts.push(text.slice(start, match.index));
        start = match.index + match.text.length;
    }
    parts.push(text.slice(start));
    return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}
