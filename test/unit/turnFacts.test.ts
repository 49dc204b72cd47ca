import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyTurnEvent, applyTurnResult, NO_FACTS } from "../../src/protocol/turnFacts";

// The one reducer the host and the webview both apply to a turn's events.
describe("a turn's facts, from the engine's events and result", () => {
    it("takes the limit from start, the dropped history and the denials from their events, and nothing from others", () => {
        let facts = NO_FACTS;
        facts = applyTurnEvent(facts, { type: "start", mode: "learned", student: "s", limits: { maxTokens: 8192, maxCalls: 4, protocol: "reference" } });
        facts = applyTurnEvent(facts, { type: "history-truncated", droppedMessages: 3, keptMessages: 2 });
        facts = applyTurnEvent(facts, { type: "call-denied", requested: 8, reason: "max-calls" });
        facts = applyTurnEvent(facts, { type: "call-denied", requested: 8, reason: "max-calls" });
        assert.deepEqual(facts, { denied: { "max-calls": 2 }, droppedMessages: 3, maxTokens: 8192 });
        assert.equal(applyTurnEvent(facts, { type: "student-text", text: "x" }), facts);
        assert.deepEqual(NO_FACTS, { denied: {}, droppedMessages: 0 }, "the reducer never changes what it is given");
    });

    it("the result is the engine's final word; a result stored before it carried the facts keeps the streamed ones", () => {
        const streamed = { denied: { budget: 1 }, droppedMessages: 2, maxTokens: 100 };
        assert.deepEqual(applyTurnResult(streamed, { denied: { budget: 2 }, droppedMessages: 2, limits: { maxTokens: 100, maxCalls: 5, protocol: "relay" } }), { denied: { budget: 2 }, droppedMessages: 2, maxTokens: 100 });
        assert.deepEqual(applyTurnResult(streamed, {}), streamed);
    });
});
