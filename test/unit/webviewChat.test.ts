import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { JSDOM } from "jsdom";
import { Marked } from "marked";
import { parseWebviewMessage, type WebviewToHost } from "../../src/protocol/messages";
import type { RelayEvent, SolveResult } from "../../src/relay/events";
import { createChatApp, type ChatApp, type ChatViewState } from "../../src/webview/chat/createChatApp";
import { TurnView } from "../../src/webview/chat/TurnView";
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
    limits: { maxTokens: 8192, maxCalls: 5, protocol: "relay" },
    denied: {},
    droppedMessages: 0,
};
const settings = { mode: "auto", teacherFree: false, teacherConfigured: true, studentConfigured: true };
const conversations = [{ id: "c1", title: "First question", updatedAt: 1_700_000_000_000, turns: 1 }];
/** A `state/init` for conversation c1 with these turns. */
const init = (turns: unknown[], overrides: Record<string, unknown> = {}) => ({ type: "state/init", conversationId: "c1", conversations, turns, settings, ...overrides });

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
        // A live conversation with a turn still streaming, so every malformed message below has something it could change.
        send(init([{ id: "t0", prompt: "Earlier", startedAt: 1, result }]));
        send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 2 } });
        event("t1", { type: "student-text", text: "partial" });
        await until(() => all("answer")[1]?.textContent, "partial");
        const before = dom.window.document.body.innerHTML;
        const answerBefore = all("answer")[1]!.innerHTML;
        for (const data of [
            null,
            "state/init",
            42,
            [],
            { type: "unknown/type" },
            { type: "state/init" },
            { type: "state/init", turns: "none", settings },
            { type: "state/init", turns: [], settings },
            { type: "composer/attach", attachment: { fileName: "a.ts", languageId: "type script!", text: "x" } },
            { type: "conversations/changed", conversations: "many" },
            { type: "solve/started" },
            { type: "solve/started", turn: { id: 7, prompt: "x" } },
            { type: "solve/started", turn: { id: "t1", prompt: 42 } },
            { type: "relay/event", turnId: "t1" },
            { type: "relay/event", turnId: 1, event: { type: "student-text", text: "x" } },
            { type: "solve/finished", turnId: "t1", result: { spans: "all of them" } },
            { type: "solve/finished", turnId: "t1" },
            { type: "solve/failed", turnId: "t1" },
            { type: "settings/changed", settings: "auto" },
            { type: "settings/changed", settings: { mode: "sideways", teacherFree: false, teacherConfigured: false, studentConfigured: true } },
            { type: "relay/event", turnId: "t1", event: { type: "student-text", text: 42 } },
            { type: "relay/event", turnId: "t1", event: { type: "teacher-text", call: -1, text: "x" } },
            { type: "relay/event", turnId: "t1", event: { type: "call-denied", requested: 4, reason: "vibes" } },
            { type: "relay/event", turnId: "t1", event: { type: "done", result: { ...result, spans: [{ source: "oracle", text: "<b>" }] } } },
            { type: "solve/finished", turnId: "t1", result: { ...result, stopReason: "bored" } },
            { type: "solve/failed", turnId: "t1", message: 42 },
            { type: "state/init", conversationId: 7, conversations, turns: [], settings },
        ]) {
            send(data);
        }
        // Messages are handled in order: once this well-formed one shows, every malformed one before it was handled.
        event("t1", { type: "student-text", text: " and more" });
        await until(() => all("answer")[1]?.textContent, "partial and more");
        // And they changed nothing: the page is what it was, but for the one answer that grew.
        const grown = all("answer")[1]!;
        const answerAfter = grown.innerHTML;
        grown.innerHTML = answerBefore;
        assert.equal(dom.window.document.body.innerHTML, before);
        grown.innerHTML = answerAfter;
        assert.equal(all("answer").length, 2);
        assert.equal(byTestId("stop").hidden, false, "t1 is still solving");
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
        send(init([]));
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
        assert.match(answer.querySelector(".relay-call")!.getAttribute("data-detail")!, /writing…/);

        send({ type: "solve/finished", turnId: "t1", result });
        await until(() => answer.textContent, "The answer is 42.");
        assert.deepEqual(Array.from(answer.querySelectorAll(".relay-student"), (node) => node.textContent), ["The answer is ", "."]);
        assert.match(answer.querySelector(".relay-call")!.getAttribute("data-detail")!, /produced 2 teacher tokens \(2 in the student's tokenizer\) · 120 ms/);
        assert.equal(byTestId("usage").textContent, "40 student + 10 teacher tokens (student tokenizer) · 1 call · 20 % teacher · $0.0012 (teacher alone: $0.015)");
        assert.equal(byTestId("sent-prompt-text").textContent, "What is 6 times 7?");
        assert.equal(byTestId("stop").hidden, true);
        assert.equal(byTestId("send").hidden, false);
        assert.equal(byTestId("turn-notes").hidden, true, "a granted call leaves no failure note");
    });

    it("shows a turn whose Markdown throws as plain text, while the other turns and later frames render", async () => {
        const lexer = Marked.prototype.lexer;
        let failing = true;
        Marked.prototype.lexer = function (this: Marked, src: string, ...rest) {
            if (failing && src.includes("BOOM")) throw new RangeError("Maximum call stack size exceeded");
            return lexer.call(this, src, ...rest);
        };
        try {
            send(init([{ id: "t0", prompt: "Earlier", startedAt: 1, result }]));
            send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 2 } });
            event("t1", { type: "student-text", text: "*BOOM*" });
            const answer = all("answer")[1]!;
            await until(() => answer.querySelector(".relay-plain")?.textContent, "*BOOM*");
            assert.equal(answer.querySelector(".relay-plain-note")!.textContent, "Shown as plain text: it could not be rendered.");
            assert.equal(all("answer")[0]!.textContent, "The answer is 42.");
            failing = false;
            event("t1", { type: "student-text", text: " and *fine*" });
            await until(() => Array.from(answer.querySelectorAll("em"), (em) => em.textContent).join(), "BOOM,fine");
        } finally {
            Marked.prototype.lexer = lexer;
        }
    });

    it("keeps updating the other turns, and the turn itself in later frames, when one turn's update throws", async () => {
        const reported: unknown[] = [];
        dom.window.addEventListener("error", (error) => {
            reported.push(error.error);
            error.preventDefault();
        });
        send(init([{ id: "t0", prompt: "Earlier", startedAt: 1, result }]));
        send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 2 } });
        const update = TurnView.prototype.update;
        let throws = 1;
        TurnView.prototype.update = function (this: TurnView) {
            if (this.state.id === "t1" && throws-- > 0) throw new Error("update failed");
            update.call(this);
        };
        try {
            event("t1", { type: "student-text", text: "first" });
            send({ type: "solve/failed", turnId: "t0", message: "The earlier turn failed." });
            // Both turns are updated in one frame: t1 throws first, t0 still shows its failure.
            await until(() => byTestId("turn-error")?.textContent, "The earlier turn failed.");
            assert.deepEqual(reported.map((error) => (error as Error).message), ["update failed"]);
            event("t1", { type: "student-text", text: " and second" });
            await until(() => all("answer")[1]!.textContent, "first and second");
        } finally {
            TurnView.prototype.update = update;
        }
    });

    it("draws a failed call apart, says why in the turn and offers Retry with teacher", async () => {
        send(init([]));
        send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 1 } });
        event("t1", { type: "student-text", text: "A " });
        event("t1", { type: "call-granted", call: 0, requested: 8, granted: 8 });
        event("t1", { type: "teacher-text", call: 0, text: "partial" });
        event("t1", { type: "teacher-error", call: 0, kind: "unreachable", message: "nothing is listening at 127.0.0.1:9" });
        event("t1", { type: "call-denied", requested: 8, reason: "teacher-unavailable" });
        event("t1", { type: "student-text", text: "B" });
        const answer = byTestId("answer");
        await until(() => answer.textContent, "A B");
        const badge = answer.querySelector(".relay-call")!;
        assert.ok(badge.classList.contains("relay-call-failed"));
        assert.equal(badge.getAttribute("title"), null, "no browser tooltip");
        assert.equal(byTestId("retry-with-teacher"), null, "no retry while it still runs");
        const failed = { ...result, text: "A B", spans: [{ source: "student" as const, text: "A B" }], calls: [{ ...result.calls[0]!, offset: 2, produced: 0, finishReason: "error" as const, error: "nothing is listening at 127.0.0.1:9" }], usage: { ...usage, calls: 1, teacherTokens: 0 }, denied: { "teacher-unavailable": 1 } };
        await until(() => byTestId("call-failure")?.textContent, "Teacher call 1 failed: nothing is listening at 127.0.0.1:9");
        send({ type: "solve/finished", turnId: "t1", result: failed });
        await until(() => byTestId("retry-with-teacher") !== null, true);
        assert.equal(byTestId("call-denied").textContent, "1 teacher call denied: the teacher failed earlier in this answer.");
        assert.ok(byTestId("turn").classList.contains("relay-turn-failed"));
        byTestId<HTMLButtonElement>("retry-with-teacher").click();
        assert.deepEqual(posted.at(-1), { type: "turn/retryWithTeacher", turnId: "t1" });
        byTestId<HTMLButtonElement>("action-testTeacher").click();
        assert.deepEqual(posted.at(-1), { type: "action/run", action: "testTeacher" });
    });

    it("shows call details in its own hover on pointer and keyboard focus", async () => {
        send(init([{ id: "a", prompt: "First", startedAt: 1, result }]));
        const badge = byTestId("answer").querySelector<HTMLElement>(".relay-call")!;
        const tooltip = byTestId("call-tooltip");
        assert.equal(tooltip.hidden, true);
        assert.equal(badge.tabIndex, 0);
        badge.focus();
        assert.equal(tooltip.hidden, false);
        assert.match(tooltip.textContent!, /^Teacher call 1 \(asked by the student\): requested 8/);
        assert.equal(badge.getAttribute("aria-describedby"), tooltip.id);
        badge.blur();
        assert.equal(tooltip.hidden, true);
        byTestId("answer").querySelector("mark")!.dispatchEvent(new dom.window.MouseEvent("mouseover", { bubbles: true }));
        assert.equal(tooltip.hidden, false);
        dom.window.document.dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: "Escape" }));
        assert.equal(tooltip.hidden, true);
    });

    it("offers Retry and Regenerate on the last turn only; Copy answer on each; the buttons post their messages", async () => {
        const failedEarlier = { id: "a", prompt: "First", startedAt: 1, result: { ...result, denied: { "teacher-free": 1 } }, denied: { "teacher-free": 1 } };
        const failedLast = { id: "b", prompt: "Second", startedAt: 2, result: { ...result, denied: { "teacher-free": 1 } }, denied: { "teacher-free": 1 } };
        send(init([failedEarlier, failedLast]));
        await until(() => all("turn")[0]!.querySelector("[data-testid=retry-with-teacher]") === null, true);
        assert.ok(all("turn")[1]!.querySelector("[data-testid=retry-with-teacher]"), "the last turn keeps Retry with teacher");
        assert.equal(all("turn-regenerate").length, 1);
        assert.equal(all("turn-copy").length, 2);
        (all("turn-copy")[0] as HTMLButtonElement).click();
        assert.deepEqual(posted.at(-1), { type: "code/copy", code: result.text });
        byTestId<HTMLButtonElement>("turn-regenerate").click();
        assert.deepEqual(posted.at(-1), { type: "turn/regenerate", turnId: "b" });
    });

    it("restores the conversation from state/init, with failures, notes and their actions", () => {
        send(init([
            { id: "a", prompt: "First", startedAt: 1, result: { ...result, droppedMessages: 2 }, droppedMessages: 2 },
            { id: "b", prompt: "Second", startedAt: 2, error: "no student model is set", errorAction: "selectStudent" },
            { id: "c", prompt: "Third", startedAt: 3, result: { ...result, stopReason: "max-tokens", usage: { ...usage, studentTokens: 2031, teacherTokens: 10 }, denied: { "teacher-free": 2 } }, maxTokens: 8192, denied: { "teacher-free": 2 } },
        ]));
        assert.equal(all("answer").length, 3);
        assert.equal(all("answer")[0]!.querySelector("mark")!.textContent, "42");
        assert.equal(byTestId("history-note").textContent, "The 2 oldest messages were left out: the whole conversation no longer fits the student's context.");
        assert.equal(byTestId("turn-error").textContent, "no student model is set");
        assert.equal(byTestId("action-selectStudent").textContent, "Select Student Model");
        assert.match(all("turn-status")[2]!.textContent!, /^Stopped at 2,041 tokens: the student's context is full \(relay\.student\.contextSize/);
        assert.equal(all("call-denied")[0]!.textContent, "2 teacher calls denied: teacher-free mode is on.");
        assert.equal(all("turn")[2]!.querySelector("[data-testid=retry-with-teacher]")?.getAttribute("data-turn-id"), "c");
        assert.equal(byTestId("empty-hint").hidden, true);
        assert.equal(byTestId("setup").hidden, true);
    });

    it("names the answer limit when an answer reaches it", () => {
        send(init([{ id: "a", prompt: "Q", startedAt: 1, result: { ...result, stopReason: "max-tokens", usage: { ...usage, studentTokens: 150, teacherTokens: 10 }, limits: { maxTokens: 160, maxCalls: 5, protocol: "relay" } }, maxTokens: 160 }]));
        assert.equal(byTestId("turn-status").textContent, "Stopped at the answer limit: 160 of 160 tokens (relay.limits.maxTokens).");
    });

    it("names the reference protocol's own limit, not the setting the engine did not use, and takes the limit from the engine's start event", async () => {
        send(init([{ id: "a", prompt: "Q", startedAt: 1, result: { ...result, stopReason: "max-tokens", usage: { ...usage, studentTokens: 8182, teacherTokens: 10 }, limits: { maxTokens: 8192, maxCalls: 4, protocol: "reference" } } }]));
        assert.equal(byTestId("turn-status").textContent, "Stopped at the answer limit: 8,192 of 8,192 tokens (the reference protocol's limit).");
    });

    it("says \"not priced\" for a teacher without prices", () => {
        send(init([{ id: "a", prompt: "Q", startedAt: 1, result: { ...result, usage: { ...usage, costUSD: 0, teacherOnlyCostUSD: 0 } } }]));
        assert.match(byTestId("usage").textContent!, / · not priced$/);
    });

    it("renders the question as Markdown, so attached code shows as a code block", () => {
        send(init([{ id: "a", prompt: "From app.ts, a typescript file:\n\n```typescript\nconst a = 1;\n```\n\nWhy?", startedAt: 1, result }]));
        const prompt = byTestId("prompt");
        assert.equal(prompt.querySelector("pre code")!.textContent!.trim(), "const a = 1;");
        assert.ok(!prompt.textContent!.includes("```"));
    });

    it("leads the empty state with the missing student, then the teacher, each with its button", () => {
        send(init([], { settings: { ...settings, studentConfigured: false, teacherConfigured: false } }));
        assert.equal(byTestId("setup").hidden, false);
        assert.equal(byTestId("setup-student").hidden, false);
        assert.equal(byTestId("setup-teacher").hidden, false);
        const steps = Array.from(byTestId("setup").querySelectorAll("li"), (step) => step.getAttribute("data-testid"));
        assert.deepEqual(steps, ["setup-student", "setup-teacher"]);
        assert.equal(byTestId("empty-hint").hidden, true);
        byTestId<HTMLButtonElement>("setup-select-student").click();
        assert.deepEqual(posted.at(-1), { type: "action/run", action: "selectStudent" });
        byTestId<HTMLButtonElement>("setup-choose-teacher").click();
        assert.deepEqual(posted.at(-1), { type: "action/run", action: "chooseTeacher" });
        send({ type: "settings/changed", settings: { ...settings, teacherConfigured: false } });
        assert.equal(byTestId("setup-student").hidden, true);
        assert.equal(byTestId("setup-teacher").hidden, false);
        assert.equal(byTestId("empty-hint").hidden, false);
        send({ type: "settings/changed", settings });
        assert.equal(byTestId("setup").hidden, true);
    });

    it("shows the teacher notice above a conversation without a teacher, and its button asks the host", () => {
        send(init([{ id: "a", prompt: "First", startedAt: 1, result }], { settings: { ...settings, teacherConfigured: false } }));
        assert.equal(byTestId("teacher-notice").hidden, false);
        byTestId<HTMLButtonElement>("configure-teacher").click();
        assert.deepEqual(posted.at(-1), { type: "action/run", action: "chooseTeacher" });
        send({ type: "settings/changed", settings });
        assert.equal(byTestId("teacher-notice").hidden, true);
    });

    it("shows an error that belongs to no turn with its action", () => {
        send(init([]));
        send({ type: "solve/failed", turnId: "gone", message: "cannot read the grammar file", action: "openSettings" });
        assert.equal(byTestId("error").hidden, false);
        assert.equal(byTestId("error-text").textContent, "cannot read the grammar file");
        byTestId<HTMLButtonElement>("error-action").click();
        assert.deepEqual(posted.at(-1), { type: "action/run", action: "openSettings" });
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
        assert.deepEqual(posted.at(-1), { type: "solve/cancel", shownChars: 0 });
    });

    it("Stop ends the answer where it stood: text arriving after the click is not drawn, and the host is told its length", async () => {
        send(init([]));
        send({ type: "solve/started", turn: { id: "t1", prompt: "Q", startedAt: 1 } });
        event("t1", { type: "student-text", text: "Once upon" });
        await until(() => all("answer")[0]?.textContent, "Once upon");
        byTestId<HTMLButtonElement>("stop").click();
        assert.deepEqual(posted.at(-1), { type: "solve/cancel", shownChars: 9 });
        // The student writes on until the stop reaches it; none of it is drawn.
        event("t1", { type: "student-text", text: " a time" });
        event("t1", { type: "call-granted", call: 0, requested: 4, granted: 4 });
        event("t1", { type: "teacher-text", call: 0, text: " there" });
        // The host's result, cut to what was shown, ends the turn (the "Stopped" status shows once it is drawn).
        const cut = { ...result, text: "Once upon", spans: [{ source: "student" as const, text: "Once upon" }], calls: [], stopReason: "aborted" as const };
        send({ type: "solve/finished", turnId: "t1", result: cut });
        await until(() => byTestId("stop").hidden, true);
        await until(() => all("answer")[0]?.textContent, "Once upon");
    });

    it("takes an attached selection into the question box and sends it with the question", () => {
        send(init([]));
        send({ type: "composer/attach", attachment: { fileName: "app.ts", languageId: "typescript", text: "const a = 1;\nconst b = 2;" } });
        assert.equal(byTestId("attachment").hidden, false);
        assert.equal(byTestId("attachment-label").textContent, "app.ts (2 lines)");
        assert.equal(byTestId("attachment").querySelector("pre code")!.textContent!.trim(), "const a = 1;\nconst b = 2;");
        assert.deepEqual(state?.attachment, { fileName: "app.ts", languageId: "typescript", text: "const a = 1;\nconst b = 2;" }, "kept across webview reloads");
        const input = byTestId<HTMLTextAreaElement>("prompt-input");
        input.value = "Why two constants?";
        input.dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
        assert.deepEqual(posted.at(-1), { type: "solve/submit", prompt: "Why two constants?", attachment: { fileName: "app.ts", languageId: "typescript", text: "const a = 1;\nconst b = 2;" } });
        assert.equal(byTestId("attachment").hidden, true);
    });

    it("shows an attached selection's problems as plain text under its code, and sends them with it", () => {
        send(init([]));
        const diagnostics = [{ line: 1, severity: "error" as const, message: "Type 'string' is not assignable to type 'number'. <b>x</b>" }];
        send({ type: "composer/attach", attachment: { fileName: "broken.ts", languageId: "typescript", text: 'const n: number = "one";', diagnostics } });
        assert.equal(byTestId("attachment-label").textContent, "broken.ts (1 line, 1 problem)");
        const problems = byTestId("attachment-problems");
        assert.equal(problems.querySelectorAll("li").length, 1);
        assert.equal(problems.textContent, "line 1, error: Type 'string' is not assignable to type 'number'. <b>x</b>");
        assert.equal(problems.querySelector("b"), null, "a message is text, never markup");
        byTestId<HTMLTextAreaElement>("prompt-input").value = "Why?";
        byTestId<HTMLTextAreaElement>("prompt-input").dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
        assert.deepEqual(posted.at(-1), { type: "solve/submit", prompt: "Why?", attachment: { fileName: "broken.ts", languageId: "typescript", text: 'const n: number = "one";', diagnostics } });
    });

    it("offers teacher-free once, in the mode picker, and posts mode changes", () => {
        send(init([]));
        assert.equal(byTestId("teacher-free-toggle"), null);
        const select = byTestId<HTMLSelectElement>("mode-select");
        assert.deepEqual(Array.from(select.options, (option) => option.value), ["auto", "learned", "confidence", "teacher-free", "teacher-only"]);
        select.value = "teacher-free";
        select.dispatchEvent(new dom.window.Event("change"));
        assert.deepEqual(posted.at(-1), { type: "settings/setMode", mode: "teacher-free" });
        send({ type: "settings/changed", settings: { ...settings, mode: "confidence", teacherFree: true } });
        assert.equal(select.value, "teacher-free", "the switch wins over the mode it keeps");
    });

    it("Shift+Tab on the first control asks the host to move focus out; Tab and other keys stay in the view", () => {
        send(init([]));
        const first = byTestId<HTMLButtonElement>("history-toggle");
        const press = (init: KeyboardEventInit) => {
            const key = new dom.window.KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init });
            first.dispatchEvent(key);
            return key.defaultPrevented;
        };
        const before = posted.length;
        assert.equal(press({ key: "Tab" }), false);
        assert.equal(press({ key: "Enter", shiftKey: true }), false);
        assert.equal(posted.length, before);
        assert.equal(press({ key: "Tab", shiftKey: true }), true);
        assert.deepEqual(posted.at(-1), { type: "focus/leave" });
    });

    it("lists conversations, opens one, starts a new one and deletes through the host", () => {
        const two = [{ id: "c2", title: "Second chat", updatedAt: 1_700_000_100_000, turns: 3 }, ...conversations];
        send(init([{ id: "a", prompt: "First", startedAt: 1, result }], { conversations: two }));
        assert.equal(byTestId("conversation-title").textContent, "First question");
        byTestId<HTMLButtonElement>("history-toggle").click();
        assert.equal(byTestId("history").hidden, false);
        const items = all("history-item");
        assert.deepEqual(items.map((item) => item.querySelector(".relay-history-title")!.textContent), ["Second chat", "First question"]);
        assert.equal(items[1]!.getAttribute("aria-current"), "true");
        (items[0] as HTMLButtonElement).click();
        assert.deepEqual(posted.at(-1), { type: "conversation/open", id: "c2" });
        (all("history-delete")[1] as HTMLButtonElement).click();
        assert.deepEqual(posted.at(-1), { type: "conversation/delete", id: "c1" });
        byTestId<HTMLButtonElement>("new-chat").click();
        assert.deepEqual(posted.at(-1), { type: "conversation/new" });
    });

    it("searches the history by title and question words, and renames through the host", () => {
        const three = [
            { id: "c3", title: "Parser bug", updatedAt: 1_700_000_200_000, turns: 2, questions: "Why does parse() drop the last token?\nAnd with a trailing comma?" },
            { id: "c2", title: "Second chat", updatedAt: 1_700_000_100_000, turns: 1, questions: "Tell me about a cat." },
            ...conversations,
        ];
        send(init([{ id: "a", prompt: "First", startedAt: 1, result }], { conversations: three }));
        byTestId<HTMLButtonElement>("history-toggle").click();
        const titles = () => all("history-item").map((item) => item.querySelector(".relay-history-title")!.textContent);
        const search = byTestId<HTMLInputElement>("history-search");
        const type = (text: string) => {
            search.value = text;
            search.dispatchEvent(new dom.window.Event("input"));
        };
        type("TRAILING comma");
        assert.deepEqual(titles(), ["Parser bug"], "every word, in any case, in a question");
        type("second");
        assert.deepEqual(titles(), ["Second chat"], "a title word");
        type("cat parser");
        assert.deepEqual(titles(), []);
        assert.equal(byTestId("history-empty").textContent, "No conversation matches the search.");
        // A conversation arriving while a search is typed is filtered too.
        send({ type: "conversations/changed", conversations: [{ id: "c4", title: "Parser and cat", updatedAt: 1_700_000_300_000, turns: 1 }, ...three] });
        assert.deepEqual(titles(), ["Parser and cat"]);
        type("");
        assert.equal(titles().length, 4);
        (all("history-rename")[0] as HTMLButtonElement).click();
        assert.deepEqual(posted.at(-1), { type: "conversation/rename", id: "c4" });
    });

    it("posts code/copy and code/insert with the block's code", () => {
        const code = { ...result, text: "```py\nprint(1)\n```", spans: [{ source: "student" as const, text: "```py\nprint(1)\n```" }], calls: [] };
        send(init([{ id: "a", prompt: "Code?", startedAt: 1, result: code }]));
        byTestId<HTMLButtonElement>("code-copy").click();
        assert.deepEqual(posted.at(-1), { type: "code/copy", code: "print(1)" });
        byTestId<HTMLButtonElement>("code-insert").click();
        assert.deepEqual(posted.at(-1), { type: "code/insert", code: "print(1)" });
    });

    it("asks the host to clear (it confirms first) and keeps the turns until it answers", () => {
        send(init([{ id: "a", prompt: "First", startedAt: 1, result }]));
        byTestId<HTMLButtonElement>("clear").click();
        assert.deepEqual(posted.at(-1), { type: "conversation/clear" });
        assert.equal(all("turn").length, 1, "nothing is removed before the host confirms");
        send(init([]));
        assert.equal(all("turn").length, 0);
    });

    it("only ever posts messages the host's validator accepts", () => {
        send(init([{ id: "a", prompt: "First", startedAt: 1, result: { ...result, calls: [{ ...result.calls[0]!, finishReason: "error", error: "x" }] } }], { settings: { ...settings, teacherConfigured: false } }));
        for (const button of Array.from(dom.window.document.querySelectorAll("button"))) (button as HTMLButtonElement).click();
        send({ type: "composer/attach", attachment: { fileName: "a.py", languageId: "python", text: "x = 1" } });
        byTestId<HTMLButtonElement>("send").click();
        assert.ok(posted.length > 8);
        for (const message of posted) assert.deepEqual(parseWebviewMessage(message), message);
    });
});
