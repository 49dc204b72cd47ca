import { Tokenizer, type TokenizerAndRendererExtension, type Tokens } from "marked";

/** A formula found in the markdown: its delimiters in `raw`, the TeX between them, and how it is set. */
export interface MathToken extends Tokens.Generic {
    type: "math";
    raw: string;
    tex: string;
    display: boolean;
    /** True for a formula on lines of its own (rendered as a block), false inside a paragraph. */
    block: boolean;
}

/** Renders one formula to HTML; `raw` is its source with delimiters (to locate it in the answer). */
export type MathHtml = (token: MathToken) => string;

// Display math on lines of its own: $$...$$ or \[...\], possibly indented up to three spaces.
const BLOCK = [/^ {0,3}\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n+|$)/, /^ {0,3}\\\[([\s\S]+?)\\\][^\S\n]*(?:\n+|$)/];
// Where a paragraph could be cut for a formula: a blank line (the paragraph ends there anyway) or a formula.
const BLOCK_START_OR_BLANK = /\n[ \t]*\n|^ {0,3}(?:\$\$|\\\[)/m;
// Inline: $$...$$ and \[...\] display, \(...\) and $...$ inline. A single $ must hug its content and the
// closing one must not precede a digit, so "costs $5 and $10" stays text.
const INLINE: readonly { pattern: RegExp; display: boolean }[] = [
    { pattern: /^\$\$(?!\$)([\s\S]+?)\$\$/, display: true },
    { pattern: /^\\\[([\s\S]+?)\\\]/, display: true },
    { pattern: /^\\\(([\s\S]+?)\\\)/, display: false },
    { pattern: /^\$(?![\s$])((?:\\[\s\S]|[^\\$])+?)(?<![\s\\])\$(?!\d)/, display: false },
];
const INLINE_START = /\$|\\\(|\\\[/;

function blockMath(src: string): MathToken | undefined {
    for (const pattern of BLOCK) {
        const match = pattern.exec(src);
        if (match && match[1]!.trim() !== "") return { type: "math", raw: match[0], tex: match[1]!.trim(), display: true, block: true };
    }
    return undefined;
}

function inlineMath(src: string): MathToken | undefined {
    for (const { pattern, display } of INLINE) {
        const match = pattern.exec(src);
        if (match && match[1]!.trim() !== "") return { type: "math", raw: match[0], tex: match[1]!.trim(), display, block: false };
    }
    return undefined;
}

/**
 * A marked extension for TeX math. Markdown's own tokens (code spans, fenced code) are lexed first where
 * they start earlier, so dollars inside code stay code. A paragraph stops before a formula on lines of its
 * own; the search for one ends at the paragraph's end (the first blank line), so it is linear over an answer.
 * Inline text stops before a formula through `inlineTextBeforeMath`.
 */
export function mathExtension(renderHtml: MathHtml): TokenizerAndRendererExtension[] {
    return [
        {
            name: "math",
            level: "block",
            start: (src) => {
                const found = BLOCK_START_OR_BLANK.exec(src);
                return found && found[0][0] !== "\n" ? found.index : undefined;
            },
            tokenizer: (src) => blockMath(src),
            renderer: (token) => renderHtml(token as MathToken),
        },
        {
            name: "math",
            level: "inline",
            tokenizer: (src) => inlineMath(src),
        },
    ];
}

/**
 * marked's inline text tokenizer, stopped before the first formula start inside the text it takes, so the
 * math tokenizer is tried there. It replaces an inline `start`, which marked calls for every text token
 * with the rest of the paragraph: searching all of that each time is quadratic in a paragraph's length.
 */
export function inlineTextBeforeMath(this: Tokenizer, src: string): Tokens.Text | undefined {
    const token = Tokenizer.prototype.inlineText.call(this, src);
    const at = token ? token.raw.slice(1).search(INLINE_START) : -1;
    return at < 0 ? token : Tokenizer.prototype.inlineText.call(this, src.slice(0, at + 1));
}
