import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import type { CallRecord, RelaySpan } from "../../src/relay/events";
import { codeForAction, createRenderer, type RenderInput } from "../../src/webview/render";
import { readStyle } from "../../src/webview/render/readStyle";
import { createMathRenderer } from "../../src/webview/render/createMathRenderer";

const { window } = new JSDOM("<!doctype html><body></body>");
const renderer = createRenderer(window as unknown as Window);

const student = (text: string): RelaySpan => ({ source: "student", text });
const teacher = (text: string, call = 0): RelaySpan => ({ source: "teacher", text, call });
const record = (overrides: Partial<CallRecord> = {}): CallRecord => ({ trigger: "command", requested: 32, offset: 0, granted: 16, produced: 12, producedStudentTokens: 11, finishReason: "length", latencyMs: 812, ...overrides });

function render(spans: RelaySpan[], input: Partial<RenderInput> = {}): HTMLElement {
    const container = window.document.createElement("div");
    const callCount = Math.max(-1, ...spans.map((span) => span.call ?? -1)) + 1;
    container.append(renderer.render({ spans, calls: Array.from({ length: callCount }, () => record()), ...input }));
    return container;
}

/** What a reader sees as answer text: everything but the code toolbars and the "Thinking" titles. */
function visibleText(root: HTMLElement): string {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".relay-code-actions, summary").forEach((node) => node.remove());
    return copy.textContent ?? "";
}

const marks = (root: ParentNode): string[] => Array.from(root.querySelectorAll("mark.relay-teacher"), (mark) => mark.textContent ?? "");
const PRIVATE_USE = /[\uE000-\uF8FF]/;

describe("webview renderer: who wrote what", () => {
    it("shows exactly the answer text for plain prose, with no marker characters", () => {
        const spans = [student("Hello wor"), teacher("ld, how "), student("are you?")];
        const root = render(spans);
        assert.equal(visibleText(root), "Hello world, how are you?");
        assert.doesNotMatch(root.innerHTML, PRIVATE_USE);
    });

    it("highlights a teacher span that starts and ends mid-word exactly", () => {
        const root = render([student("The ans"), teacher("wer is forty-t"), student("wo.")]);
        assert.deepEqual(marks(root), ["wer is forty-t"]);
        assert.deepEqual(Array.from(root.querySelectorAll(".relay-student"), (span) => span.textContent), ["The ans", "wo."]);
    });

    it("highlights a teacher span across paragraphs in each paragraph, with the same call index", () => {
        const root = render([student("First para"), teacher("graph ends.\n\nSecond para"), student("graph.")]);
        assert.equal(root.querySelectorAll("p").length, 2);
        assert.deepEqual(marks(root), ["graph ends.", "Second para"]);
        assert.deepEqual(Array.from(root.querySelectorAll("mark"), (mark) => mark.getAttribute("data-call")), ["0", "0"]);
    });

    it("keeps adjacent calls apart", () => {
        const root = render([student("a "), teacher("bb", 0), teacher("cc", 1), student(" d")]);
        assert.deepEqual(Array.from(root.querySelectorAll("mark"), (mark) => [mark.textContent, mark.getAttribute("data-call")]), [["bb", "0"], ["cc", "1"]]);
    });

    it("highlights inside a fenced code block while Copy still reads the plain code", () => {
        const root = render([student("Code:\n\n```python\nx = "), teacher("compute(1)\nprint(x"), student(")\n```\n")]);
        const code = root.querySelector("pre > code")!;
        assert.deepEqual(marks(code), ["compute(1)\nprint(x"]);
        const copy = root.querySelector('[data-code-action="copy"]')!;
        assert.deepEqual(codeForAction(copy), { action: "copy", code: "x = compute(1)\nprint(x)" });
        const insert = root.querySelector('[data-code-action="insert"]')!;
        assert.equal(codeForAction(insert)?.action, "insert");
    });

    it("parses the answer the same wherever a span boundary falls inside markdown syntax", () => {
        const bold = render([student("Some **bo"), teacher("ld** text")]);
        assert.equal(bold.querySelector("strong")?.textContent, "bold");
        assert.deepEqual(marks(bold), ["ld", " text"]);

        const fence = render([student("``"), teacher("`js\nlet a = 1;\n```"), student("\nafter")]);
        assert.equal(fence.querySelector("pre > code.language-js")?.textContent, "let a = 1;\n");
        assert.deepEqual(marks(fence.querySelector("code")!), ["let a = 1;\n"]);

        const heading = render([student("#"), teacher("# Title"), student("\n\nBody")]);
        assert.equal(heading.querySelector("h2")?.textContent, "Title");
        assert.deepEqual(marks(heading), ["Title"]);

        const list = render([student("- one\n- t"), teacher("wo\n- three"), student("\n")]);
        assert.deepEqual(Array.from(list.querySelectorAll("li"), (item) => item.textContent), ["one", "two", "three"]);
        assert.deepEqual(marks(list), ["wo", "three"]);
    });

    it("highlights exactly inside block quotes and tables, whose source lines carry prefixes", () => {
        const quote = render([student("> first line\n> sec"), teacher("ond line"), student("\n")]);
        assert.deepEqual(marks(quote.querySelector("blockquote")!), ["ond line"]);
        const table = render([student("| a | b |\n|---|---|\n| 1 | "), teacher("two |\n| 3"), student(" | 4 |\n")]);
        assert.deepEqual(marks(table.querySelector("table")!), ["two", "3"]);
    });

    it("survives a teacher span made only of markdown syntax", () => {
        const root = render([student("Some "), teacher("**"), student("bold** text")]);
        assert.equal(root.querySelector("strong")?.textContent, "bold");
        assert.deepEqual(marks(root), []);
        assert.equal(root.querySelectorAll(".relay-call").length, 1);
    });

    it("renders the same text whoever wrote it", () => {
        const text = "# T\n\n> quote *em* `code` [link](https://example.com) &amp; \\* x\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n1. one\n2. two\n";
        const alone = visibleText(render([student(text)]));
        for (let cut = 1; cut < text.length; cut += 3) {
            const split = render([student(text.slice(0, cut)), teacher(text.slice(cut, cut + 7)), student(text.slice(cut + 7))]);
            assert.equal(visibleText(split), alone, `boundary at ${cut}`);
        }
    });

    it("attributes characters after an HTML entity correctly", () => {
        const root = render([student("a &amp; b &lt;c&gt; "), teacher("d")]);
        assert.equal(visibleText(root), "a & b <c> d");
        assert.deepEqual(marks(root), ["d"]);
    });

    it("normalizes Windows line endings without shifting the highlight", () => {
        const root = render([student("line one\r\n\r\n"), teacher("line two")]);
        assert.deepEqual(marks(root), ["line two"]);
        assert.doesNotMatch(visibleText(root), /\r/);
    });
});

describe("webview renderer: math", () => {
    it("renders $...$, $$...$$, \\(...\\) and \\[...\\] with KaTeX", () => {
        const root = render([student("Inline $x^2$ and \\(y_1\\), display:\n\n$$\n\\int_0^1 f\n$$\n\nand \\[z\\] too.")]);
        assert.equal(root.querySelectorAll(".katex").length, 4);
        assert.equal(root.querySelectorAll(".katex-display").length, 2);
        assert.equal(root.querySelectorAll(".relay-math").length, 4);
    });

    it("leaves prices and dollars in code alone", () => {
        const root = render([student("It costs $5 and $10. `echo $HOME$`")]);
        assert.equal(root.querySelectorAll(".katex").length, 0);
        assert.match(visibleText(root), /costs \$5 and \$10\. echo \$HOME\$/);
    });

    it("marks the whole formula as the teacher's when it wrote any part of it", () => {
        const root = render([student("We get $x^"), teacher("2 + 1$ and more")]);
        const math = root.querySelector(".relay-math")!;
        assert.ok(math.classList.contains("relay-teacher"));
        assert.equal(math.getAttribute("data-call"), "0");
        assert.match(math.getAttribute("data-detail") ?? "", /Teacher call 1/);
        assert.equal(math.getAttribute("title"), null, "no browser tooltip: the view's own hover shows data-detail");
        assert.ok(math.querySelector(".katex"));
        assert.deepEqual(marks(root), [" and more"]);
        assert.doesNotMatch(root.innerHTML, PRIVATE_USE);
    });

    it("marks a formula written by the student as the student's", () => {
        const root = render([student("So $a+b$ holds")]);
        assert.ok(root.querySelector(".relay-math")!.classList.contains("relay-student"));
    });

    it("shows a bad formula as text in KaTeX's error style instead of throwing", () => {
        const root = render([student("Broken $\\frac{1$ here")]);
        assert.ok(root.querySelector(".katex-error") || root.querySelector(".katex"));
    });

    it("keeps KaTeX's inline styles out of the markup and sets them through the CSSOM", () => {
        const html = createMathRenderer()({ type: "math", raw: "$\\sqrt{x^2}$", tex: "\\sqrt{x^2}", display: false, block: false });
        assert.doesNotMatch(html, /\sstyle=/);
        const root = render([student("$\\sqrt{x^2}$")]);
        assert.equal(root.querySelector("[data-relay-style]"), null);
        const styled = Array.from(root.querySelectorAll<HTMLElement>(".katex-html *")).filter((node) => node.style?.length > 0);
        assert.ok(styled.length > 0);
        assert.ok(root.querySelector(".katex svg path"), "\\sqrt keeps its SVG");
    });

    it("keeps only KaTeX's layout properties and safe values in styles", () => {
        assert.deepEqual(readStyle("color:red; background-image:url(x); position:fixed; width:calc(1em + 2px); height: var(--x); top:-1em; margin-left:expression(alert(1))"), [
            ["color", "red"],
            ["width", "calc(1em + 2px)"],
            ["top", "-1em"],
        ]);
    });
});

describe("webview renderer: calls", () => {
    it("puts a badge where each call began, with the call's numbers in its details", () => {
        const root = render([student("One "), teacher("two ", 0), student("three "), teacher("four", 1)], {
            calls: [record({ requested: 32, granted: 16, produced: 12, latencyMs: 812 }), record({ trigger: "low-confidence", requested: 8, granted: 8, produced: 8, latencyMs: 2500, finishReason: "stop" })],
        });
        const badges = Array.from(root.querySelectorAll(".relay-call"));
        assert.equal(badges.length, 2);
        assert.deepEqual(badges.map((badge) => badge.getAttribute("data-call")), ["0", "1"]);
        assert.equal(badges[0]!.nextElementSibling?.textContent, "two ");
        assert.equal(badges[1]!.nextElementSibling?.textContent, "four");
        assert.equal(badges[0]!.textContent, "", "badges add no text");
        assert.match(badges[0]!.getAttribute("data-detail")!, /^Teacher call 1 \(asked by the student\): requested 32 · granted 16 · produced 12 teacher tokens \(\d+ in the student's tokenizer\) · 812 ms · stopped at the grant$/);
        assert.match(badges[1]!.getAttribute("data-detail")!, /Teacher call 2 \(low confidence\): requested 8 · granted 8 · produced 8 teacher tokens \(\d+ in the student's tokenizer\) · 2\.50 s$/);
        assert.equal(badges[0]!.getAttribute("aria-label"), badges[0]!.getAttribute("data-detail"));
        assert.equal(badges[0]!.getAttribute("tabindex"), "0", "reachable by keyboard");
        assert.equal(badges[0]!.getAttribute("title"), null);
    });

    it("gives teacher text the same hover details as its badge", () => {
        const root = render([student("a "), teacher("b")], { calls: [record()] });
        const detail = root.querySelector(".relay-call")!.getAttribute("data-detail");
        assert.match(detail ?? "", /^Teacher call 1/);
        assert.equal(root.querySelector("mark")!.getAttribute("data-detail"), detail);
    });

    it("says a call is still writing while it streams", () => {
        const root = render([student("a "), teacher("b")], { calls: [{ requested: 10, granted: 10 }], streaming: true });
        assert.equal(root.querySelector(".relay-call")!.getAttribute("data-detail"), "Teacher call 1: requested 10 · granted 10 · writing…");
    });

    it("places a call that wrote nothing at its recorded offset, else at the end", () => {
        const calls = [record({ finishReason: "error", produced: 0, error: "timeout" }), record({ finishReason: "error", produced: 0 })];
        const root = render([student("Before after")], { calls, callOffsets: [7, undefined] });
        const paragraph = root.querySelector("p")!;
        assert.deepEqual(Array.from(paragraph.childNodes, (node) => (node as Element).className), ["relay-student", "relay-call relay-call-failed", "relay-student", "relay-call relay-call-failed"]);
        assert.equal(paragraph.children[0]!.textContent, "Before ");
        assert.match(paragraph.children[1]!.getAttribute("data-detail")!, /failed: timeout · wrote no text$/);
        assert.equal(paragraph.children[1]!.getAttribute("data-label"), "1 ✕", "a failed call is drawn apart from a granted one");
    });

    it("puts a badge inside a code block without changing the code that is copied", () => {
        const root = render([student("```\na = "), teacher("1"), student("\n```")]);
        assert.ok(root.querySelector("code .relay-call"));
        assert.equal(codeForAction(root.querySelector('[data-code-action="copy"]')!)?.code, "a = 1");
    });
});

describe("webview renderer: code blocks and thinking", () => {
    it("gives each code block Copy and Insert buttons that carry only data attributes", () => {
        const root = render([student("```ts\nconst a = 1;\n```\n\nand\n\n    indented\n")]);
        const buttons = Array.from(root.querySelectorAll("button"));
        assert.deepEqual(buttons.map((button) => [button.getAttribute("data-code-action"), button.textContent]), [["copy", "Copy"], ["insert", "Insert at cursor"], ["copy", "Copy"], ["insert", "Insert at cursor"]]);
        for (const button of buttons) assert.deepEqual(button.getAttributeNames().filter((name) => name.startsWith("on")), []);
        assert.equal(root.querySelector(".relay-code-language")!.textContent, "ts");
    });

    it("folds a closed <think> section into a collapsed details titled Thinking", () => {
        const root = render([student("<think>\nLet me "), teacher("reason."), student("\n</think>\n\nThe answer is 4.")]);
        const details = root.querySelector("details.relay-think") as HTMLDetailsElement;
        assert.ok(details);
        assert.equal(details.open, false);
        assert.equal(details.querySelector("summary")!.textContent, "Thinking");
        assert.equal(details.getAttribute("data-state"), "done");
        assert.match(details.textContent!, /Let me reason\./);
        assert.deepEqual(marks(details), ["reason."]);
        assert.equal(root.lastElementChild!.textContent, "The answer is 4.");
        assert.doesNotMatch(visibleText(root), /think>/);
    });

    it("folds an unterminated <think> while streaming, marked as in progress", () => {
        const root = render([student("<think>\nStill thinking about")], { streaming: true });
        const details = root.querySelector("details.relay-think")!;
        assert.equal(details.getAttribute("data-state"), "streaming");
        assert.equal((details as HTMLDetailsElement).open, false);
        assert.match(details.textContent!, /Still thinking about/);
    });

    it("folds reasoning closed by a </think> whose <think> was in the prompt", () => {
        const root = render([student("reasoning here\n</think>\n\nAnswer.")]);
        assert.match(root.querySelector("details.relay-think")!.textContent!, /reasoning here/);
        assert.equal(root.lastElementChild!.textContent, "Answer.");
    });

    it("leaves a <think> quoted mid-line as text", () => {
        const root = render([student("Models write `<think>` first.")]);
        assert.equal(root.querySelector("details"), null);
        assert.equal(visibleText(root), "Models write <think> first.");
    });
});

/** The rendered DOM must run nothing, load nothing and navigate nowhere. */
function assertSafe(root: HTMLElement, payload: string): void {
    for (const tag of ["script", "iframe", "frame", "object", "embed", "style", "img", "image", "form", "base", "meta", "link", "video", "audio", "source", "foreignObject", "use", "animate", "set", "mglyph", "maction"]) {
        assert.equal(root.getElementsByTagName(tag).length, 0, `<${tag}> in the output for ${payload}`);
    }
    for (const node of Array.from(root.querySelectorAll("*"))) {
        for (const name of node.getAttributeNames()) {
            const value = node.getAttribute(name) ?? "";
            assert.ok(!name.toLowerCase().startsWith("on"), `${name} attribute for ${payload}`);
            assert.ok(!["src", "srcdoc", "action", "formaction", "xlink:href", "background", "poster"].includes(name.toLowerCase()), `${name} attribute for ${payload}`);
            assert.doesNotMatch(value.replace(/[\s\u0000-\u001f]/g, ""), /^(?:javascript|vbscript|data):/i, `${name}="${value}" for ${payload}`);
            if (name === "href") assert.match(value, /^(?:https?:\/\/|mailto:)/i, `href="${value}" for ${payload}`);
            if (name === "style") assert.doesNotMatch(value, /url\(|expression|@import/i, `style="${value}" for ${payload}`);
        }
    }
}

const PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<svg onload=alert(1)><circle r=5 /></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<style>body{display:none}</style>",
    "<div style=\"position:fixed;inset:0;background:url(https://evil.example/)\">cover</div>",
    "<details open ontoggle=alert(1)>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "![tracker](https://evil.example/pixel.png)",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "$\\href{javascript:alert(1)}{x}$",
    "$$\\url{javascript:alert(1)}$$",
    "\\(\\htmlStyle{background:url(https://evil.example/)}{x}\\)",
    "$\\includegraphics{https://evil.example/x.png}$",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "<scr<script>ipt>alert(1)</script>",
    "</think><img src=x onerror=alert(1)>",
    "<think>\n<script>alert(1)</script>\n</think>\n<iframe src=x>",
    "```\n</code></pre><img src=x onerror=alert(1)>\n```",
    "`<img src=x onerror=alert(1)>`",
    "<pre>\n<img src=x onerror=alert(1)>\n</pre> <b onclick=alert(1)>b</b>",
    "[link](https://example.com \"title\\\" onmouseover=alert(1)\")",
    "<a href=\"#\" onclick=\"alert(1)\">hash</a> [rel](./relative) [cmd](command:workbench.action.openSettings)",
    "<form action=\"https://evil.example\"><input type=text name=q><button formaction=javascript:alert(1)>go</button></form>",
    "<base href=\"https://evil.example/\"><meta http-equiv=refresh content=0;url=https://evil.example>",
];

describe("webview renderer: untrusted text", () => {
    for (const payload of PAYLOADS) {
        it(`renders inert: ${payload.replace(/\n/g, "\\n").slice(0, 70)}`, () => {
            assertSafe(render([student(`Answer: ${payload} end`)]), payload);
            assertSafe(render([student("Answer: "), teacher(payload), student(" end")]), payload);
            assertSafe(render([student(payload.slice(0, 5)), teacher(payload.slice(5, 11)), student(payload.slice(11))]), payload);
            assertSafe(render([student(`<think>\n${payload}\n</think>\n\n${payload}`)], { streaming: true }), payload);
        });
    }

    it("shows model-written HTML as text rather than dropping it", () => {
        const root = render([student("Use <b>bold</b> and <script>alert(1)</script>.")]);
        assert.equal(visibleText(root), "Use <b>bold</b> and <script>alert(1)</script>.");
        assert.equal(root.querySelector("b"), null);
    });

    it("shows entity-encoded markup as the characters, not as markup", () => {
        const root = render([student("&lt;img src=x onerror=alert(1)&gt;")]);
        assert.equal(visibleText(root), "<img src=x onerror=alert(1)>");
    });

    it("does not let a </think> in the answer close or open anything", () => {
        const root = render([student("<think>\nreasoning</think><img src=x onerror=alert(1)> and </think> again <details>")]);
        assert.equal(root.querySelectorAll("details").length, 1);
        assert.equal(root.querySelector("details")!.textContent, "Thinkingreasoning");
        assert.match(visibleText(root), /<img src=x onerror=alert\(1\)> and <\/think> again <details>/);
    });

    it("keeps web links, with rel=noopener, and makes every other link inert", () => {
        const root = render([student("[web](https://example.com/a) [mail](mailto:a@b.c) [rel](./x) [js](javascript:alert(1)) <https://auto.example>")]);
        const links = Array.from(root.querySelectorAll("a"), (link) => [link.textContent, link.getAttribute("href"), link.getAttribute("rel")]);
        assert.deepEqual(links, [
            ["web", "https://example.com/a", "noopener noreferrer"],
            ["mail", "mailto:a@b.c", "noopener noreferrer"],
            ["rel", null, null],
            ["js", null, null],
            ["https://auto.example", "https://auto.example", "noopener noreferrer"],
        ]);
    });

    it("shows an image's alt text and loads nothing", () => {
        const root = render([student("See ![a chart](https://example.com/c.png).")]);
        assert.equal(root.querySelector("img"), null);
        assert.equal(root.querySelector(".relay-image")!.textContent, "a chart");
    });
});
