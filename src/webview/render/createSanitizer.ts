import DOMPurify, { type WindowLike } from "dompurify";
import { readStyle, STYLE_ATTRIBUTE } from "./readStyle";

// What marked, our markdown overrides and KaTeX produce; nothing else survives.
const HTML_TAGS = ["a", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "input", "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"];
const SVG_TAGS = ["svg", "path", "line"];
const MATHML_TAGS = ["math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "mover", "munder", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mpadded", "mphantom", "menclose", "mtable", "mtr", "mtd"];
const HTML_ATTRS = ["href", "title", "class", "align", "start", "type", "checked", "disabled", "aria-hidden", "data-source", STYLE_ATTRIBUTE];
const SVG_ATTRS = ["width", "height", "viewbox", "preserveaspectratio", "d", "x1", "y1", "x2", "y2", "stroke-width"];
const MATHML_ATTRS = ["encoding", "display", "mathvariant", "mathcolor", "mathbackground", "mathsize", "stretchy", "fence", "separator", "lspace", "rspace", "accent", "accentunder", "columnalign", "columnlines", "columnspacing", "rowalign", "rowlines", "rowspacing", "displaystyle", "scriptlevel", "linethickness", "minsize", "maxsize", "largeop", "movablelimits", "depth", "voffset", "notation", "width", "height"];

const LINK_TARGET = /^(?:https?:\/\/|mailto:)/i;
/** Sanitized blocks kept for reuse: while an answer streams only its last block changes. */
const CACHE_LIMIT = 400;

/**
 * Sanitizes rendered blocks of model text, returning one fragment of `window.document` per block.
 */
export type Sanitizer = (blocks: readonly string[]) => DocumentFragment[];

/**
 * Returns the sanitizer for rendered model text: DOMPurify bound to `window`, allowing only the markup above.
 * Links keep only http(s) and mailto targets and get `rel="noopener noreferrer"` (a VS Code webview hands
 * such clicks to the host, which opens them outside); every other link loses its href and is inert.
 * A `style` attribute never survives; KaTeX's styles arrive as `STYLE_ATTRIBUTE`, are filtered to its own
 * layout properties, and are set through the CSSOM on the copy handed out (a CSP without `'unsafe-inline'`
 * for styles allows that).
 * Blocks already seen are copied from a cache instead of sanitized again.
 */
export function createSanitizer(window: Window): Sanitizer {
    const document = window.document;
    const purify = DOMPurify(window as unknown as WindowLike);
    purify.addHook("afterSanitizeAttributes", (node) => {
        const style = node.getAttribute(STYLE_ATTRIBUTE);
        if (style !== null) {
            const kept = readStyle(style);
            if (kept.length > 0) node.setAttribute(STYLE_ATTRIBUTE, kept.map(([name, value]) => `${name}:${value}`).join(";"));
            else node.removeAttribute(STYLE_ATTRIBUTE);
        }
        const href = node.getAttribute("href");
        if (href !== null) {
            // Only absolute web and mail links: a relative or other-scheme one would navigate the webview itself.
            if (node.nodeName.toLowerCase() === "a" && LINK_TARGET.test(href)) node.setAttribute("rel", "noopener noreferrer");
            else node.removeAttribute("href");
        }
        if (node.nodeName.toLowerCase() === "input") {
            node.setAttribute("type", "checkbox");
            node.setAttribute("disabled", "");
        }
    });
    // Set once: parsing the configuration on every call would cost more than sanitizing a block.
    purify.setConfig({
        ALLOWED_TAGS: [...HTML_TAGS, ...SVG_TAGS, ...MATHML_TAGS],
        ALLOWED_ATTR: [...new Set([...HTML_ATTRS, ...SVG_ATTRS, ...MATHML_ATTRS])],
        ADD_URI_SAFE_ATTR: ["data-source", STYLE_ATTRIBUTE],
        ALLOW_DATA_ATTR: false,
        ALLOW_ARIA_ATTR: false,
        RETURN_DOM_FRAGMENT: true,
    });
    const sanitize = (html: string): DocumentFragment => purify.sanitize(html) as unknown as DocumentFragment;
    const cache = new Map<string, DocumentFragment>();

    const sanitizeMissing = (blocks: readonly string[]): void => {
        const missing = [...new Set(blocks.filter((block) => !cache.has(block)))];
        if (missing.length === 0) return;
        // One sanitizer pass for all new blocks, each in a wrapper; fall back to one pass per block if the
        // wrappers did not come back one per block.
        const wrapped = sanitize(missing.map((block) => `<div>${block}</div>`).join(""));
        const wrappers = Array.from(wrapped.childNodes);
        const separable = wrappers.length === missing.length && wrappers.every((node) => node.nodeName.toLowerCase() === "div" && (node as Element).attributes.length === 0);
        missing.forEach((block, index) => {
            if (!separable) return cache.set(block, sanitize(block));
            const fragment = wrapped.ownerDocument.createDocumentFragment();
            fragment.append(...Array.from(wrappers[index]!.childNodes));
            cache.set(block, fragment);
        });
    };

    return (blocks) => {
        sanitizeMissing(blocks);
        const copies = blocks.map((block) => {
            const cached = cache.get(block)!;
            // Re-inserting keeps the map in least-recently-used order for the trimming below.
            cache.delete(block);
            cache.set(block, cached);
            const copy = document.importNode(cached, true);
            applyStyles(copy);
            return copy;
        });
        // Trim only after copying: an answer may have more blocks than the limit.
        const keep = Math.max(CACHE_LIMIT, blocks.length);
        for (const block of cache.keys()) {
            if (cache.size <= keep) break;
            cache.delete(block);
        }
        return copies;
    };
}

/** Applies the styles the sanitizer kept, property by property through the CSSOM. */
function applyStyles(root: DocumentFragment): void {
    for (const element of Array.from(root.querySelectorAll(`[${STYLE_ATTRIBUTE}]`))) {
        const declarations = readStyle(element.getAttribute(STYLE_ATTRIBUTE) ?? "");
        element.removeAttribute(STYLE_ATTRIBUTE);
        const style = (element as Partial<ElementCSSInlineStyle>).style;
        if (!style) continue;
        for (const [name, value] of declarations) style.setProperty(name, value);
    }
}
