import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHostMessage, parseWebviewMessage } from "../../src/protocol/messages";
import { readTurn } from "../../src/protocol/readChatTurn";

const usage = { studentTokens: 3, teacherTokens: 0, teacherOutputTokens: 0, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls: 0, callRatio: 0, costUSD: 0, teacherOnlyCostUSD: 0 };
const result = { mode: "learned", templatedPrompt: "q", text: "ignored", spans: [{ source: "student", text: "4" }], calls: [], usage, stopReason: "eos" };

describe("host ↔ webview messages", () => {
    it("checks an engine event's fields before the view reads them", () => {
        assert.ok(parseHostMessage({ type: "relay/event", turnId: "t", event: { type: "teacher-text", call: 0, text: "x" } }));
        assert.equal(parseHostMessage({ type: "relay/event", turnId: "t", event: { type: "teacher-text", call: "0", text: "x" } }), undefined);
        assert.equal(parseHostMessage({ type: "relay/event", turnId: "t", event: { type: "call-denied", requested: 1, reason: "vibes" } }), undefined);
        assert.equal(parseHostMessage({ type: "relay/event", turnId: "t", event: { type: "explode" } }), undefined);
    });

    it("rebuilds a result's text from its spans and rejects malformed spans", () => {
        const parsed = parseHostMessage({ type: "solve/finished", turnId: "t", result });
        assert.ok(parsed?.type === "solve/finished");
        assert.equal(parsed.result.text, "4");
        assert.equal(parseHostMessage({ type: "solve/finished", turnId: "t", result: { ...result, spans: [{ source: "wizard", text: "4" }] } }), undefined);
        assert.equal(parseHostMessage({ type: "solve/finished", turnId: "t", result: { ...result, stopReason: "bored" } }), undefined);
    });

    it("leaves out a malformed turn or history entry instead of the whole state", () => {
        const parsed = parseHostMessage({
            type: "state/init",
            conversationId: "c",
            turns: [{ id: "a", prompt: "1+1", startedAt: 1 }, { id: 7 }, { id: "b", prompt: "2+2", startedAt: "soon", result: { spans: "nope" }, errorAction: "explode", denied: { budget: 2, zero: -1 } }],
            conversations: [{ id: "c", title: "Chat", updatedAt: 5, turns: 2 }, "junk"],
            settings: { mode: "turbo" },
        });
        assert.ok(parsed?.type === "state/init");
        assert.deepEqual(parsed.turns, [{ id: "a", prompt: "1+1", startedAt: 1 }, { id: "b", prompt: "2+2", startedAt: 0, denied: { budget: 2 } }]);
        assert.deepEqual(parsed.conversations, [{ id: "c", title: "Chat", updatedAt: 5, turns: 2 }]);
        assert.equal(parsed.settings, undefined);
    });

    it("reads stored turns with the same schema", () => {
        assert.deepEqual(readTurn({ id: "a", prompt: "p", startedAt: 2, result, maxTokens: 0, droppedMessages: 3 }), { id: "a", prompt: "p", startedAt: 2, result: { ...result, text: "4" }, droppedMessages: 3 });
        assert.equal(readTurn({ prompt: "p" }), undefined);
    });

    it("accepts what the view sends and nothing else", () => {
        assert.deepEqual(parseWebviewMessage({ type: "solve/submit", prompt: "hi", extra: 1 }), { type: "solve/submit", prompt: "hi" });
        assert.equal(parseWebviewMessage({ type: "solve/submit", prompt: "  " }), undefined);
        assert.ok(parseWebviewMessage({ type: "solve/submit", prompt: "", attachment: { fileName: "a.ts", languageId: "typescript", text: "x" } }));
        assert.equal(parseWebviewMessage({ type: "conversation/open", id: "../../etc" }), undefined);
        assert.equal(parseWebviewMessage({ type: "settings/setMode", mode: "turbo" }), undefined);
        assert.equal(parseWebviewMessage({ type: "code/copy", code: "x".repeat(200_001) }), undefined);
    });

    it("bounds an attachment's problems: a line from 1, a known severity, at most 50 of them", () => {
        const submit = (diagnostics: unknown) => parseWebviewMessage({ type: "solve/submit", prompt: "q", attachment: { fileName: "a.ts", languageId: "typescript", text: "x", diagnostics } });
        const problem = { line: 1, severity: "error", message: "m" };
        assert.ok(submit([problem]));
        assert.ok(submit(Array(50).fill(problem)));
        assert.equal(submit(Array(51).fill(problem)), undefined);
        assert.equal(submit([{ ...problem, line: 0 }]), undefined);
        assert.equal(submit([{ ...problem, line: 1.5 }]), undefined);
        assert.equal(submit([{ ...problem, severity: "fatal" }]), undefined);
        assert.equal(submit([{ ...problem, message: "m".repeat(2001) }]), undefined);
    });
});
