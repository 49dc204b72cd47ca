import type { TokenizerAndRendererExtension, Tokens } from "marked";

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
const BLOCK_START = /^ {0,3}(?:\$\$|\\\[)/m;
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
 * they start earlier, so dollars inside code stay code.
 */
export function mathExtension(renderHtml: MathHtml): TokenizerAndRendererExtension[] {
    return [
        {
            name: "math",
            level: "block",
            start: (src) => src.match(BLOCK_START)?.index,
            tokenizer: (src) => blockMath(src),
            renderer: (token) => renderHtml(token as MathToken),
        },
        {
            name: "math",
            level: "inline",
            start: (src) => src.match(INLINE_START)?.index,
            tokenizer: (src) => inlineMath(src),
        },
    ];
}
