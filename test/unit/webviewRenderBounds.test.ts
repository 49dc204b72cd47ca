// The webview renderer on hostile model output (issue 18): nesting and markup beyond the bounds is shown as
// plain text before marked or KaTeX see it, so nothing overflows the stack, the time stays linear in the
// length, and a render that throws anyway shows the text plain without stopping anything else.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import katex from "katex";
import { Marked } from "marked";
import type { RelaySpan } from "../../src/relay/events";
import { createRenderer } from "../../src/webview/render";
import { MAX_FORMULA_DEPTH } from "../../src/webview/render/checkFormula";
import { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH } from "../../src/webview/render/scanMarkdownBounds";
import { seededUniform } from "../../src/util/seededUniform";

const { window } = new JSDOM("<!doctype html><body></body>");
const renderer = createRenderer(window as unknown as Window);
const FAILED = "Shown as plain text: it could not be rendered.";

function render(text: string | RelaySpan[]): { root: HTMLElement; ms: number } {
    const root = window.document.createElement("div");
    const started = performance.now();
    root.append(renderer.render({ spans: typeof text === "string" ? [{ source: "student", text }] : text, calls: [] }));
    return { root, ms: performance.now() - started };
}

/** The answer text the reader sees, without the notes that say why some of it is plain. */
function shownText(root: HTMLElement): string {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".relay-plain-note").forEach((note) => note.remove());
    return copy.textContent ?? "";
}

const notes = (root: HTMLElement): string[] => Array.from(root.querySelectorAll(".relay-plain-note"), (note) => note.textContent ?? "");
const nest = (open: string, inner: string, close: string, depth: number): string => open.repeat(depth) + inner + close.repeat(depth);
// Each of these threw or took seconds in jsdom before the bounds; now each takes milliseconds.
const BOUND_MS = 2000;

describe("webview renderer bounds: the reported inputs", () => {
    const reported: { name: string; text: string; note: RegExp }[] = [
        { name: "`>` × 2,000", text: ">".repeat(2000), note: /block quotes and lists nested more than 32 deep/ },
        { name: "`$` + `{` × 2,000, closed", text: `$${"{".repeat(2000)}$`, note: /not typeset: nested more than 24 deep/ },
        { name: "`*` × 5,000 opening emphasis", text: `${"*".repeat(5000)}a`, note: /emphasis and brackets nested more than 32 deep/ },
        { name: "`*` × 2,500 around a word", text: nest("*", "a", "*", 2500), note: /emphasis and brackets nested more than 32 deep/ },
        { name: "`**a* ` × 5,000", text: "**a* ".repeat(5000), note: /emphasis and brackets nested more than 32 deep/ },
        { name: "`\\frac{1}{` × 1,000, closed by `$`", text: `$${"\\frac{1}{".repeat(1000)}$`, note: /not typeset: nested more than 24 deep/ },
        { name: "`\\frac{1}{` × 1,000 nested", text: `$${nest("\\frac{1}{", "x", "}", 1000)}$`, note: /not typeset: nested more than 24 deep/ },
        { name: "`- ` × 2,000 list", text: `${"- ".repeat(2000)}x`, note: /block quotes and lists nested more than 32 deep/ },
        { name: "a list indented 2,000 levels", text: Array.from({ length: 2000 }, (_, i) => `${"  ".repeat(i)}- x`).join("\n"), note: /block quotes and lists nested more than 32 deep/ },
        { name: "500 nested `\\frac`", text: `$$${nest("\\frac{1}{", "x", "}", 500)}$$`, note: /not typeset: nested more than 24 deep/ },
    ];
    for (const { name, text, note } of reported) {
        it(`shows ${name} as plain text with a note, in bounded time`, () => {
            const { root, ms } = render(text);
            assert.ok(shownText(root) === text.trim(), "the text is shown as it is");
            assert.match(notes(root).join(" "), note);
            assert.ok(!notes(root).includes(FAILED), "the bounds caught it, not the fallback for a failed render");
            assert.ok(ms < BOUND_MS, `took ${ms.toFixed(0)} ms`);
        });
    }

    it("renders `$` + `{` × 2,000 (no closing `$`), `*` × 5,000 (a rule) and `*a` × 5,000 as the Markdown they are, in bounded time", () => {
        const braces = render(`$${"{".repeat(2000)}`);
        assert.ok(shownText(braces.root) === `$${"{".repeat(2000)}`);
        const rule = render("*".repeat(5000));
        assert.ok(rule.root.querySelector("hr"));
        const emphases = render("*a".repeat(5000));
        assert.equal(emphases.root.querySelectorAll("em").length, 2500);
        for (const { root, ms } of [braces, rule, emphases]) {
            assert.deepEqual(notes(root), []);
            assert.ok(ms < BOUND_MS, `took ${ms.toFixed(0)} ms`);
        }
    });
});

describe("webview renderer bounds: where they lie", () => {
    it("renders nesting up to the caps as Markdown and math, and one level more as plain text", () => {
        const quotes = render(">".repeat(MAX_BLOCK_DEPTH) + " deep").root;
        assert.equal(quotes.querySelectorAll("blockquote").length, MAX_BLOCK_DEPTH);
        assert.match(notes(render(">".repeat(MAX_BLOCK_DEPTH + 1) + " deep").root)[0]!, /nested more than 32 deep/);

        assert.ok(render(nest("*", "a", "*", MAX_INLINE_DEPTH)).root.querySelector("em, strong"));
        assert.equal(render(nest("*", "a", "*", MAX_INLINE_DEPTH + 1)).root.querySelector("em, strong"), null);

        assert.ok(render(`$${nest("{", "x", "}", MAX_FORMULA_DEPTH)}$`).root.querySelector(".katex"));
        const deep = render(`Before $${nest("{", "x", "}", MAX_FORMULA_DEPTH + 1)}$ after`).root;
        assert.equal(deep.querySelector(".katex"), null);
        assert.equal(shownText(deep), `Before $${nest("{", "x", "}", MAX_FORMULA_DEPTH + 1)}$ after`);
        assert.deepEqual(notes(deep), [" (not typeset: nested more than 24 deep)"]);
    });

    it("shows a paragraph with more inline work than marked does in linear time as plain text", () => {
        // marked looks ahead along the whole run for an e-mail address at every underscore: 2 s at this length.
        const { root, ms } = render("a_".repeat(20_000));
        assert.match(notes(root)[0]!, /too much markup in one paragraph to lay out quickly/);
        assert.ok(ms < BOUND_MS, `took ${ms.toFixed(0)} ms`);
        assert.deepEqual(notes(render("a_".repeat(2_000)).root), [], "a shorter run is still Markdown");
    });

    it("keeps the rest of the answer rendered: only the paragraph beyond the bounds is plain", () => {
        const text = `# Title\n\nSome *emphasis* and $x^2$.\n\n${">".repeat(100)} loop\n\nAfter **that**.`;
        const { root } = render(text);
        assert.equal(root.querySelector("h1")?.textContent, "Title");
        assert.equal(root.querySelector("em")?.textContent, "emphasis");
        assert.ok(root.querySelector(".katex"));
        assert.equal(root.querySelector("strong")?.textContent, "that");
        assert.equal(root.querySelector(".relay-plain")?.textContent, `${">".repeat(100)} loop`);
        assert.equal(root.querySelectorAll(".relay-plain-note").length, 1);
    });

    it("keeps a code fence's content out of the bounds: code is shown as code", () => {
        const code = "```\n" + `${"[".repeat(200)} ${"*a".repeat(5000)}\n` + "```";
        const { root } = render(code);
        assert.ok(root.querySelector("pre > code")?.textContent === `${"[".repeat(200)} ${"*a".repeat(5000)}\n`);
        assert.deepEqual(notes(root), []);
    });

    it("shows plain text as text: no markup, links or images come out of it", () => {
        const text = `${">".repeat(40)} <img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new) <script>alert(1)</script> ![x](https://example.com/x.png)`;
        const { root } = render(text);
        assert.equal(root.querySelector("img, a, script"), null);
        assert.equal(shownText(root), text);
    });

    it("marks who wrote plain text, like any other text", () => {
        const { root } = render([{ source: "student", text: ">".repeat(40) }, { source: "teacher", text: " from the teacher", call: 0 }]);
        assert.equal(root.querySelector("mark.relay-teacher")?.textContent, " from the teacher");
    });
});

describe("webview renderer bounds: renders that throw anyway", () => {
    it("shows a formula KaTeX throws on as its source with a note, and typesets it again once KaTeX recovers", () => {
        const original = katex.renderToString;
        katex.renderToString = () => {
            throw new RangeError("Maximum call stack size exceeded");
        };
        try {
            const { root } = render("Value $\\alpha_1$ here.");
            assert.equal(shownText(root), "Value $\\alpha_1$ here.");
            assert.match(notes(root)[0]!, /KaTeX could not typeset it/);
        } finally {
            katex.renderToString = original;
        }
        assert.ok(render("Value $\\alpha_2$ here.").root.querySelector(".katex"));
    });

    it("shows text plain with a note when marked throws on it, and renders the next answer as Markdown", () => {
        const original = Marked.prototype.lexer;
        Marked.prototype.lexer = function (this: Marked, src: string, ...rest) {
            if (src.includes("BOOM")) throw new RangeError("Maximum call stack size exceeded");
            return original.call(this, src, ...rest);
        };
        try {
            const { root } = render(`${">".repeat(40)}\n\nIntro *BOOM* text`);
            assert.equal(shownText(root), `${">".repeat(40)}Intro *BOOM* text`);
            assert.ok(notes(root).includes(FAILED));
        } finally {
            Marked.prototype.lexer = original;
        }
        assert.equal(render("Intro *fine* text").root.querySelector("em")?.textContent, "fine");
    });
});

describe("webview renderer bounds: random deep nesting", () => {
    // Pieces models loop on; a case repeats a few of them many times, with random ones in between.
    const PIECES = [">", "> ", "- ", "* ", "1. ", "*", "**", "_", "__", "~~", "[", "](u)", "(", ")", "![", "$", "$$", "{", "}", "\\frac{", "\\sqrt{", "}{", "\\left(", "\\right)", "\\begin{matrix}", "`", "```", "a", "x ", " ", "\n", "\n\n", "  ", "<", "\\", "\\(", "\\[", "#", "|"];

    function randomText(random: () => number, length: number): string {
        const pick = (): string => PIECES[Math.floor(random() * PIECES.length)]!;
        const pattern = Array.from({ length: 1 + Math.floor(random() * 4) }, pick).join("");
        let text = "";
        while (text.length < length) text += random() < 0.85 ? pattern : pick();
        return text.slice(0, length);
    }

    it("renders a few hundred random nested texts without a failed render, in time proportional to their length", () => {
        const random = seededUniform(18);
        for (let round = 0; round < 250; round++) {
            const length = 100 + Math.floor(random() * 2500);
            const text = randomText(random, length);
            const { root, ms } = render(text);
            const replay = `case ${round} of seed 18: ${JSON.stringify(text.slice(0, 80))}… (${length} characters)`;
            assert.ok(!notes(root).includes(FAILED), `a render failed: ${replay}`);
            // About ten times the slowest case measured (0.2 ms a character in jsdom, where each of a thousand
            // small formulas costs a millisecond of DOM work).
            assert.ok(ms < 500 + 2 * length, `${ms.toFixed(0)} ms for ${replay}`);
            for (const link of root.querySelectorAll("a[href]")) assert.match(link.getAttribute("href")!, /^(?:https?:|mailto:)/i);
        }
    });
});
