import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { JSDOM } from "jsdom";
import { parseWebviewMessage, type WebviewToHost } from "../../src/protocol/messages";
import type { RelayEvent, SolveResult } from "../../src/relay/events";
import { createChatApp, type ChatApp, type ChatViewState } from "../../src/webview/chat/createChatApp";
import type { WebviewApi } from "../../src/webview/shared/webviewApi";

const usage = { studentTokens: 40, teacherTokens: 10, teacherOutputTokens: 9, teacherPromptTokens: 120, teacherCachedPromptTokens: 0, calls: 1, callRatio: 0.2, costUSD: 0.0012, teacherOnlyCostUSD: 0.015 };
const result: SolveResult = {
    mode: "learned",
    templatedPrompt: "What is 6 times 7?",
    text: "The answer is 42.",
    spans: [{ source: "student", text: "The answer is " }, { source: "teacher", text: "42", call: 0 }, { source: "student", text: "." }],
    calls: [{ trigger: "command", requested: 8, offset: 14, granted: 8, produced: 2, producedStudentTokens: 2, finishReason: "stop", latencyMs: 120 }],
    usage,
    stopReason: "eos",
};
const settings = { mode: "auto", teacherFree: false, teacherConfigured: true };

describe("chat view", () => {
    let dom: JSDOM;
    let posted: WebviewToHost[];
    let app: ChatApp;
    let state: ChatViewState | undefined;

    const send = (data: unknown): void => {
        dom.window.dispatchEvent(new dom.window.MessageEvent("message", { data }));
    };
    const frame = (): Promise<void> => new Promise((resolve) => dom.window.setTimeout(resolve, 60));
    /** Waits for the view's throttled repaint (it backs off after slow renders) to show `expected`. */
    const until = async (read: () => unknown, expected: unknown): Promise<void> => {
        for (let waited = 0; waited < 3000 && read() !== expected; waited += 20) await new Promise((resolve) => dom.window.setTimeout(resolve, 20));
        assert.equal(read(), expected);
    };
    const byTestId = <T extends Element = HTMLElement>(id: string): T => dom.window.document.querySelector(`[data-testid="${id}"]`) as T;
    const all = (id: string): Element[] => Array.from(dom.window.document.querySelectorAll(`[data-testid="${id}"]`));
    const event = (turnId: string, relayEvent: RelayEvent): void => send({ type: "relay/event", turnId, event: relayEvent });

    beforeEach(() => {
        dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
        posted = [];
        state = { draft: "half-typed" };
        const api: WebviewApi<ChatViewState> = {
            postMessage: (message) => void posted.push(message),
            getState: () => state,
            setState: (next) => (state = next),
        };
        app = createChatApp(dom.window as unknown as Window, api);
    });

    afterEach(() => {
        app.dispose();
        dom.window.close();
    });

    it("posts webview/ready on load and restores the draft prompt", () => {
        assert.deepEqual(posted, [{ type: "webview/ready" }]);
        assert.equal(byTestId<HTMLTextAreaElement>("prompt-input").value, "half-typed");
    });

    it("ignores malformed host messages without changing the view", async () => {
        const before = dom.window.document.body.innerHTML;
        for (const data of [
            null,
            "state/init",
            42,
            [],
            { type: "unknown/type" },
            { type: "state/init" },
            { type: "state/init", turns: "none", settings },
            { type: "solve/started" },
            { type: "solve/started", turn: { id: 7, prompt: "x" } },
            { type: "solve/started", turn: { id: "t1", prompt: 42 } },
            { type: "relay/event", turnId: "t1" },
            { type: "relay/event", turnId: 1, event: { type: "student-text", text: "x" } },
            { type: "solve/finished", turnId: "t1", result: { spans: "all of them" } },
            { type: "solve/finished", turnId: "t1" },
            { type: "solve/failed", turnId: "t1" },
            { type: "settings/changed", settings: "auto" },
            { type: "settings/changed", settings: { mode: "sideways", teacherFree: false, teacherConfigured: false } },
        ]) {
            send(data);
        }
        await frame();
        assert.equal(dom.window.document.body.innerHTML, before);
        assert.equal(all("answer").length, 0);
    });

    it("ignores malformed parts of well-formed messages", async () => {
        send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 1 } });
        event("t1", { type: "student-text", text: 42 } as unknown as RelayEvent);
        event("t1", { type: "teacher-text", call: -1, text: "x" } as RelayEvent);
        event("t1", { type: "student-text", text: "ok" });
        send({ type: "solve/finished", turnId: "t1", result: { ...result, spans: [{ source: "oracle", text: "<b>" }] } });
        await until(() => byTestId("answer").textContent, "ok");
        assert.equal(byTestId("stop").hidden, false, "still solving: the bad result was dropped");
    });

    it("streams an answer, highlights the teacher, then re-renders from the final spans", async () => {
        send({ type: "state/init", turns: [], settings });
        send({ type: "solve/started", turn: { id: "t1", prompt: "What is 6 * 7?", startedAt: 1 } });
        assert.equal(byTestId("stop").hidden, false);
        assert.equal(byTestId("send").hidden, true);
        event("t1", { type: "student-text", text: "The answer is " });
        event("t1", { type: "call-granted", call: 0, requested: 8, granted: 8 });
        event("t1", { type: "teacher-text", call: 0, text: "4" });
        event("t1", { type: "teacher-text", call: 0, text: "2" });
        const answer = byTestId("answer");
        await until(() => answer.textContent, "The answer is 42");
        assert.equal(answer.querySelector("mark.relay-teacher")!.textContent, "42");
        assert.match(answer.querySelector(".relay-call")!.getAttribute("title")!, /writing…/);

        send({ type: "solve/finished", turnId: "t1", result });
        await until(() => answer.textContent, "The answer is 42.");
        assert.deepEqual(Array.from(answer.querySelectorAll(".relay-student"), (node) => node.textContent), ["The answer is ", "."]);
        assert.match(answer.querySelector(".relay-call")!.getAttribute("title")!, /produced 2 tokens · 120 ms/);
        assert.equal(byTestId("usage").textContent, "40 student + 10 teacher tokens · 1 call · 20% teacher · $0.0012 (teacher alone: $0.015)");
        assert.equal(byTestId("stop").hidden, true);
        assert.equal(byTestId("send").hidden, false);
    });

    it("drops a failed call's streamed text, as the engine does", async () => {
        send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 1 } });
        event("t1", { type: "student-text", text: "A " });
        event("t1", { type: "call-granted", call: 0, requested: 8, granted: 8 });
        event("t1", { type: "teacher-text", call: 0, text: "partial" });
        event("t1", { type: "teacher-error", call: 0, kind: "timeout", message: "timed out" });
        event("t1", { type: "student-text", text: "B" });
        const answer = byTestId("answer");
        await until(() => answer.textContent, "A B");
        assert.match(answer.querySelector(".relay-call")!.getAttribute("title")!, /failed: timed out/);
    });

    it("restores the conversation from state/init and shows failures", () => {
        send({ type: "state/init", turns: [{ id: "a", prompt: "First", startedAt: 1, result }, { id: "b", prompt: "Second", startedAt: 2, error: "The student model could not be loaded." }], settings });
        assert.equal(all("answer").length, 2);
        assert.equal(all("answer")[0]!.querySelector("mark")!.textContent, "42");
        assert.equal(all("turn-status")[1]!.textContent, "The student model could not be loaded.");
        assert.equal(byTestId("empty-hint").hidden, true);
    });

    it("shows the teacher notice until a teacher is configured, and its button asks the host", () => {
        send({ type: "state/init", turns: [], settings: { ...settings, teacherConfigured: false } });
        assert.equal(byTestId("teacher-notice").hidden, false);
        byTestId<HTMLButtonElement>("configure-teacher").click();
        assert.deepEqual(posted.at(-1), { type: "teacher/configure" });
        send({ type: "settings/changed", settings });
        assert.equal(byTestId("teacher-notice").hidden, true);
    });

    it("sends the prompt on Enter but not on Shift+Enter, and stops on Stop", () => {
        const input = byTestId<HTMLTextAreaElement>("prompt-input");
        input.value = "line one";
        input.dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: "Enter", shiftKey: true, bubbles: true, cancelable: true }));
        assert.equal(posted.length, 1);
        input.dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
        assert.deepEqual(posted.at(-1), { type: "solve/submit", prompt: "line one" });
        assert.equal(input.value, "");
        send({ type: "solve/started", turn: { id: "t1", prompt: "line one", startedAt: 1 } });
        byTestId<HTMLButtonElement>("stop").click();
        assert.deepEqual(posted.at(-1), { type: "solve/cancel" });
    });

    it("posts setting changes from the toggle and the mode picker", () => {
        send({ type: "state/init", turns: [], settings });
        const toggle = byTestId<HTMLInputElement>("teacher-free-toggle");
        toggle.click();
        assert.deepEqual(posted.at(-1), { type: "settings/setTeacherFree", value: true });
        const select = byTestId<HTMLSelectElement>("mode-select");
        assert.deepEqual(Array.from(select.options, (option) => option.value), ["auto", "learned", "confidence", "teacher-free", "teacher-only"]);
        select.value = "confidence";
        select.dispatchEvent(new dom.window.Event("change"));
        assert.deepEqual(posted.at(-1), { type: "settings/setMode", mode: "confidence" });
    });

    it("posts code/copy and code/insert with the block's code", () => {
        const code = { ...result, text: "```py\nprint(1)\n```", spans: [{ source: "student" as const, text: "```py\nprint(1)\n```" }], calls: [] };
        send({ type: "state/init", turns: [{ id: "a", prompt: "Code?", startedAt: 1, result: code }], settings });
        byTestId<HTMLButtonElement>("code-copy").click();
        assert.deepEqual(posted.at(-1), { type: "code/copy", code: "print(1)" });
        byTestId<HTMLButtonElement>("code-insert").click();
        assert.deepEqual(posted.at(-1), { type: "code/insert", code: "print(1)" });
    });

    it("clears the conversation locally and asks the host to forget it", () => {
        send({ type: "state/init", turns: [{ id: "a", prompt: "First", startedAt: 1, result }], settings });
        byTestId<HTMLButtonElement>("clear").click();
        assert.deepEqual(posted.at(-1), { type: "conversation/clear" });
        assert.equal(all("turn").length, 0);
    });

    it("only ever posts messages the host's validator accepts", () => {
        send({ type: "state/init", turns: [], settings });
        byTestId<HTMLButtonElement>("configure-teacher").click();
        byTestId<HTMLInputElement>("teacher-free-toggle").click();
        for (const message of posted) assert.deepEqual(parseWebviewMessage(message), message);
    });
});
