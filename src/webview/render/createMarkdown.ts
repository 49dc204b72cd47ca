import { Marked, type Tokens } from "marked";
import { escapeHtml } from "../../format/escapeHtml";
import { inlineTextBeforeMath, mathExtension, type MathToken } from "./mathExtension";

/**
 * A marked instance for model text: GitHub-flavoured markdown plus TeX math. Raw HTML in the text is shown
 * as text, never parsed (the model writes `<b>` or `</think>`, the reader sees it), and images show their
 * alt text instead of loading anything. The output still goes through the sanitizer.
 */
export function createMarkdown(renderMath: (token: MathToken) => string): Marked {
    return new Marked({
        gfm: true,
        breaks: false,
        async: false,
        extensions: mathExtension(renderMath),
        tokenizer: { inlineText: inlineTextBeforeMath },
        renderer: {
            html({ text, block }: Tokens.HTML | Tokens.Tag): string {
                return block ? `<p class="relay-raw-html">${escapeHtml(text)}</p>` : escapeHtml(text);
            },
            // After a raw `<pre>`, `<script>` or `<style>` tag marked passes the following text through unescaped.
            text(token: Tokens.Text | Tokens.Escape): string | false {
                return "escaped" in token && token.escaped && !token.tokens ? escapeHtml(token.text) : false;
            },
            image({ text }: Tokens.Image): string {
                return `<span class="relay-image" title="Image not shown">${escapeHtml(text)}</span>`;
            },
        },
    });
}
