import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import { projectRoot } from "../support/paths";

const out = join(projectRoot, "media", "build");

/** Runs a built view script in a fresh browser-like window with a fake `acquireVsCodeApi`. */
function load(script: string): { window: JSDOM["window"]; posted: unknown[] } {
    const dom = new JSDOM("<!doctype html><html><body></body></html>", { runScripts: "outside-only", pretendToBeVisual: true });
    const posted: unknown[] = [];
    // Messages are objects of the window's realm; a JSON copy compares with plain test objects.
    Object.assign(dom.window, { acquireVsCodeApi: () => ({ postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message))), getState: () => undefined, setState: (state: unknown) => state }) });
    dom.window.eval(readFileSync(join(out, script), "utf8"));
    return { window: dom.window, posted };
}

describe("webview bundles", () => {
    it("build with scripts/build-webview.mjs", () => {
        const build = spawnSync(process.execPath, ["scripts/build-webview.mjs"], { cwd: projectRoot, encoding: "utf8" });
        assert.equal(build.status, 0, build.stderr);
    });

    it("ship KaTeX's stylesheet with every font it names", () => {
        const css = readFileSync(join(out, "katex", "katex.min.css"), "utf8");
        const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]!);
        assert.ok(fonts.length > 10);
        for (const font of fonts) {
            assert.match(font, /^fonts\/KaTeX_[\w-]+\.woff2$/, "local woff2 only");
            assert.ok(existsSync(join(out, "katex", font)), `${font} is copied`);
        }
    });

    it("use no eval, no Function constructor and no remote URL", () => {
        for (const script of ["chat.js", "usage.js"]) {
            const code = readFileSync(join(out, script), "utf8");
            assert.doesNotMatch(code, /\beval\(|new Function\(|\bimportScripts\(|document\.write\(/, script);
            assert.doesNotMatch(code, /(?:src|href)\s*=\s*["']https?:/, script);
        }
    });

    it("run the chat view in a browser context: it posts webview/ready and renders a finished answer", () => {
        const { window, posted } = load("chat.js");
        assert.deepEqual(posted, [{ type: "webview/ready" }]);
        const spans = [{ source: "student", text: "So $x^2$ is " }, { source: "teacher", text: "four", call: 0 }];
        const result = { mode: "learned", text: "So $x^2$ is four", spans, calls: [{ requested: 4, granted: 4, produced: 1, finishReason: "stop", latencyMs: 5 }], usage: {}, stopReason: "eos" };
        window.dispatchEvent(new window.MessageEvent("message", { data: { type: "state/init", conversationId: "c", conversations: [], turns: [{ id: "a", prompt: "Q", startedAt: 1, result }], settings: { mode: "auto", teacherFree: false, teacherConfigured: true, studentConfigured: true } } }));
        const answer = window.document.querySelector('[data-testid="answer"]')!;
        assert.equal(answer.querySelector("mark.relay-teacher")!.textContent, "four");
        assert.ok(answer.querySelector(".katex"));
        window.close();
    });

    it("run the chat view in a browser context: a streamed event reaches its turn and a question is posted", async () => {
        const { window, posted } = load("chat.js");
        const send = (data: unknown) => window.dispatchEvent(new window.MessageEvent("message", { data }));
        send({ type: "state/init", conversationId: "c", conversations: [], turns: [], settings: { mode: "auto", teacherFree: false, teacherConfigured: true, studentConfigured: true } });
        send({ type: "solve/started", turn: { id: "t", prompt: "Q", startedAt: 1 } });
        send({ type: "relay/event", turnId: "t", event: { type: "student-text", text: "streamed" } });
        send({ type: "relay/event", turnId: "t", event: { type: "student-text", text: 42 } });
        const answer = () => window.document.querySelector('[data-testid="answer"]')?.textContent;
        for (let waited = 0; waited < 3000 && answer() !== "streamed"; waited += 20) await new Promise((resolve) => window.setTimeout(resolve, 20));
        assert.equal(answer(), "streamed");
        send({ type: "solve/finished", turnId: "t", result: { mode: "learned", templatedPrompt: "Q", text: "", spans: [{ source: "student", text: "done" }], calls: [], usage: {}, stopReason: "eos" } });
        const input = window.document.querySelector<HTMLTextAreaElement>('[data-testid="prompt-input"]')!;
        input.value = "What is 2 + 2?";
        window.document.querySelector<HTMLButtonElement>('[data-testid="send"]')!.click();
        assert.deepEqual(posted.slice(1), [{ type: "solve/submit", prompt: "What is 2 + 2?" }]);
        window.close();
    });

    it("run the usage panel in a browser context: it posts webview/ready and draws the history it is sent", () => {
        const { window, posted } = load("usage.js");
        assert.deepEqual(posted, [{ type: "webview/ready" }]);
        const usage = { studentTokens: 900, teacherTokens: 100, teacherOutputTokens: 95, teacherPromptTokens: 2000, teacherCachedPromptTokens: 0, calls: 2, callRatio: 0.1, costUSD: 0.002, teacherOnlyCostUSD: 0.01 };
        const records = [{ at: 1, mode: "learned", stopReason: "eos", ...usage }, { at: 2, mode: "learned", stopReason: "eos", ...usage }, { at: "never" }];
        window.dispatchEvent(new window.MessageEvent("message", { data: { type: "usage/history", records, summary: { ...usage, solves: 2, budgetUSD: 0 } } }));
        assert.equal(window.document.querySelector('[data-testid="student-tokens"]')?.textContent, "900");
        assert.equal(window.document.querySelectorAll(".relay-series-ratio circle").length, 2, "the malformed record is left out");
        window.close();
    });
});
