import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerCutAt } from "../../src/extension/answerCut";
import type { SolveResult } from "../../src/relay";

const usage = { studentTokens: 9, teacherTokens: 3, teacherOutputTokens: 3, teacherPromptTokens: 20, teacherCachedPromptTokens: 0, calls: 1, callRatio: 0.25, costUSD: 0, teacherOnlyCostUSD: 0 };
const call = { trigger: "command" as const, requested: 4, offset: 9, granted: 4, produced: 3, producedStudentTokens: 3, finishReason: "stop" as const, latencyMs: 10 };
const result: SolveResult = {
    mode: "learned",
    templatedPrompt: "Q",
    text: "Once upon a time there",
    spans: [
        { source: "student", text: "Once upon" },
        { source: "teacher", text: " a time", call: 0 },
        { source: "student", text: " there" },
    ],
    calls: [call],
    usage,
    stopReason: "aborted",
    limits: { maxTokens: 100, maxCalls: 5, protocol: "relay" },
    denied: {},
    droppedMessages: 0,
};

describe("a stopped answer, cut to what the panel showed at the click", () => {
    it("cuts the text and the spans at the same character, inside a span too; calls and usage stay whole", () => {
        const cut = answerCutAt(result, 12);
        assert.equal(cut.text, "Once upon a ");
        assert.deepEqual(cut.spans, [
            { source: "student", text: "Once upon" },
            { source: "teacher", text: " a ", call: 0 },
        ]);
        assert.equal(cut.spans.map((span) => span.text).join(""), cut.text, "spans still add up to the text");
        assert.deepEqual(cut.calls, result.calls);
        assert.deepEqual(cut.usage, result.usage);
        assert.deepEqual(answerCutAt(result, 9).spans, [{ source: "student", text: "Once upon" }], "at a span's end, no empty span after it");
        assert.equal(answerCutAt(result, 0).text, "");
        assert.deepEqual(answerCutAt(result, 0).spans, []);
    });

    it("leaves an answer no longer than the cut as it is", () => {
        assert.equal(answerCutAt(result, result.text.length), result);
        assert.equal(answerCutAt(result, 500), result);
    });
});
