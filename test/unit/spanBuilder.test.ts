// The engine's SpanBuilder, which the chat view also streams its answer with: merging, and taking a failed call's text back out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpanBuilder } from "../../src/relay/spanBuilder";

describe("SpanBuilder", () => {
    it("merges text of the same author and call, and drops a call's teacher text with the joined text following", () => {
        const spans = new SpanBuilder();
        spans.add("student", "Once ");
        spans.add("student", "upon ");
        spans.add("teacher", "a ", 0);
        spans.add("teacher", "time", 0);
        spans.add("student", ", a cat.");
        spans.add("teacher", " It", 1);
        assert.deepEqual(spans.toArray(), [
            { source: "student", text: "Once upon " },
            { source: "teacher", text: "a time", call: 0 },
            { source: "student", text: ", a cat." },
            { source: "teacher", text: " It", call: 1 },
        ]);
        spans.dropCall(1);
        assert.equal(spans.text, "Once upon a time, a cat.");
        spans.dropCall(0);
        assert.equal(spans.text, "Once upon , a cat.");
        assert.deepEqual(spans.current.map((span) => span.source), ["student", "student"]);
    });
});
