/** Deepest nesting of `{`, `[`, `\left` and `\begin` in a formula typeset by KaTeX, which recurses per level. */
export const MAX_FORMULA_DEPTH = 24;

// A macro may expand to many times its own length (up to KaTeX's `maxExpand` times), so the work would no
// longer follow the formula's length; model answers do not define macros.
const DEFINITION = /\\(?:def|gdef|edef|xdef|global|let|futurelet|newcommand|renewcommand|providecommand)(?![A-Za-z])/;
const OPENING_COMMANDS = new Set(["left", "begin"]);
const CLOSING_COMMANDS = new Set(["right", "end"]);

/**
 * Why KaTeX should not typeset `tex`, or undefined when it may: nested deeper than `MAX_FORMULA_DEPTH`, or
 * defining macros. One pass over the formula; unmatched closers are ignored.
 */
export function checkFormula(tex: string): string | undefined {
    if (DEFINITION.test(tex)) return "it defines macros";
    let depth = 0;
    for (let i = 0; i < tex.length; i++) {
        const char = tex[i]!;
        if (char === "\\") {
            let end = i + 1;
            while (end < tex.length && /[A-Za-z]/.test(tex[end]!)) end++;
            const name = tex.slice(i + 1, end);
            if (OPENING_COMMANDS.has(name)) depth++;
            else if (CLOSING_COMMANDS.has(name)) depth = Math.max(0, depth - 1);
            // A command name, or the one character a backslash escapes (`\{` is a brace, not a group).
            i = Math.max(end, i + 2) - 1;
        } else if (char === "{" || char === "[") depth++;
        else if (char === "}" || char === "]") depth = Math.max(0, depth - 1);
        if (depth > MAX_FORMULA_DEPTH) return `nested more than ${MAX_FORMULA_DEPTH} deep`;
    }
    return undefined;
}
