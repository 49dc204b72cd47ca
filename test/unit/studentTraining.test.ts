// The pure parts of `relayllm train student`'s expert iteration: how a relay rollout is turned back into the
// student's context for fine-tuning (its own command learned, the teacher's text not).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RelayEvent, SolveResult } from "../../src/relay";
import { rolloutSegments } from "../../src/train/sftExamples";

describe("a rollout as the student's context", () => {
    const call = { trigger: "command", requested: 2, offset: 1, granted: 2, produced: 2, producedStudentTokens: 2, finishReason: "length", latencyMs: 1 } as const;
    const result = {
        spans: [{ source: "student", text: " " }, { source: "teacher", text: "dog", call: 0 }, { source: "student", text: ". The end." }],
        calls: [call],
    } as unknown as SolveResult;
    it("puts the executed command back before the teacher's text, which is not learned", () => {
        assert.deepEqual(rolloutSegments(result, []), [
            { text: " ", learn: true }, { text: "<call>2</call>", learn: true }, { text: "dog", learn: false }, { text: ". The end.", learn: true },
        ]);
    });
    it("refuses a rollout whose context it cannot rebuild exactly", () => {
        const denied: RelayEvent = { type: "call-denied", requested: 3, reason: "max-calls" };
        assert.equal(rolloutSegments(result, [denied]), undefined);
        assert.equal(rolloutSegments({ ...result, spans: [{ source: "student", text: " dog." }] } as SolveResult, []), undefined, "a call with no teacher text");
    });
});
