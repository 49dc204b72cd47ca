/**
 * The attribute KaTeX's inline styles travel in, instead of `style`: no style attribute is ever parsed, so
 * the webview's CSP needs no `'unsafe-inline'` for styles; the sanitizer filters the value with `readStyle`
 * and the renderer applies it through the CSSOM.
 */
export const STYLE_ATTRIBUTE = "data-relay-style";

// The properties KaTeX sets inline (its layout boxes, \color, \colorbox, \rule, \cancel).
const ALLOWED = new Set([
    "background-color", "border-bottom-width", "border-color", "border-right-style", "border-right-width", "border-style", "border-top-width", "border-width",
    "bottom", "color", "height", "left", "margin", "margin-left", "margin-right", "margin-top", "min-width", "padding-left", "position", "text-shadow", "top", "vertical-align", "width",
]);
// Lengths, numbers, keywords and colours; the only functions are colour and calc() ones, so no url(), var(),
// escapes or comments.
const SAFE_VALUE = /^[-+*#.,%\w\s()]*$/;
const FUNCTIONS = new Set(["rgb", "rgba", "hsl", "hsla", "calc"]);

function safeValue(value: string): boolean {
    if (value === "" || !SAFE_VALUE.test(value)) return false;
    for (const match of value.matchAll(/([\w-]*)\s*\(/g)) if (!FUNCTIONS.has(match[1]!.toLowerCase())) return false;
    return true;
}

/**
 * Parses an inline style into the declarations KaTeX may use, dropping any other property and any value
 * that could fetch, run or reference something.
 */
export function readStyle(style: string): [name: string, value: string][] {
    const declarations: [string, string][] = [];
    for (const part of style.split(";")) {
        const colon = part.indexOf(":");
        if (colon < 0) continue;
        const name = part.slice(0, colon).trim().toLowerCase();
        const value = part.slice(colon + 1).trim();
        // KaTeX only positions relatively; absolute or fixed boxes could be laid over the rest of the view.
        if (name === "position" && value !== "relative") continue;
        if (ALLOWED.has(name) && safeValue(value)) declarations.push([name, value]);
    }
    return declarations;
}
