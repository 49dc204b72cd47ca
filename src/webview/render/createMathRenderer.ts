import katex from "katex";
import { escapeHtml } from "../../format/escapeHtml";
import { PLAIN_NOTE_CLASS } from "./appendPlain";
import { checkFormula } from "./checkFormula";
import type { MathToken } from "./mathExtension";
import { STYLE_ATTRIBUTE } from "./readStyle";

/** Class of the element wrapping one rendered formula; its `data-source` holds the formula's source. */
export const MATH_CLASS = "relay-math";

const CACHE_LIMIT = 500;

/**
 * Returns a function rendering formulas with KaTeX, untrusted input settings: `throwOnError: false` (a bad
 * formula shows its source in the error colour), `trust: false` (no \href, \url, \includegraphics,
 * \html*), sizes capped so a formula cannot cover the view. Its inline styles come out as `STYLE_ATTRIBUTE`,
 * never as `style`. Results are cached: while an answer streams, every frame re-renders the same formulas.
 * A formula beyond `checkFormula`'s bounds never reaches KaTeX, and one KaTeX throws on anyway: either shows
 * its source as text, with a note why.
 */
export function createMathRenderer(): (token: MathToken) => string {
    const cache = new Map<string, string>();
    return (token) => {
        const key = `${token.display ? "D" : "I"}${token.tex}`;
        let html = cache.get(key);
        if (html === undefined) {
            html = typeset(token);
            if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
            cache.set(key, html);
        }
        const tag = token.block ? "div" : "span";
        const display = token.display ? ` ${MATH_CLASS}-display` : "";
        return `<${tag} class="${MATH_CLASS}${display}" data-source="${escapeHtml(token.raw)}">${html}</${tag}>`;
    };
}

function typeset(token: MathToken): string {
    const unsafe = checkFormula(token.tex);
    if (unsafe) return plainFormula(token, `not typeset: ${unsafe}`);
    try {
        return katex.renderToString(token.tex, { displayMode: token.display, throwOnError: false, trust: false, strict: "ignore", maxSize: 20, maxExpand: 500, output: "htmlAndMathml" })
            // KaTeX escapes quotes in values and text, so this only renames its style attributes; see STYLE_ATTRIBUTE.
            .replace(/ style="/g, ` ${STYLE_ATTRIBUTE}="`);
    } catch {
        return plainFormula(token, "KaTeX could not typeset it");
    }
}

/** The formula's source as text in KaTeX's error style (as a formula KaTeX rejects), then the note. */
function plainFormula(token: MathToken, note: string): string {
    return `<code class="katex-error">${escapeHtml(token.raw)}</code><span class="${PLAIN_NOTE_CLASS}"> (${escapeHtml(note)})</span>`;
}
