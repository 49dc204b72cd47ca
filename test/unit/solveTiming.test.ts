import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SolveResult } from "../../src/relay";
import { SolveTiming } from "../../src/extension/solveTiming";

const result = { usage: { studentTokens: 48 }, stopReason: "eos" } as unknown as SolveResult;

describe("SolveTiming: the solve line of the Relay output channel", () => {
    it("measures readiness from the start, the first non-empty student text from readiness, and the end from the start", () => {
        let now = 1000;
        const timing = new SolveTiming(() => now);
        now = 2204;
        timing.ready();
        now = 2300;
        timing.observe({ type: "student-text", text: "" });
        now = 2516;
        timing.observe({ type: "student-text", text: "Once" });
        now = 2600;
        timing.observe({ type: "student-text", text: " upon" });
        now = 3530;
        assert.equal(timing.line(result), "solve: ready in 1204 ms · first student text 312 ms later · done after 2530 ms · 48 student tokens (eos)");
    });

    it("says so when the student wrote nothing", () => {
        let now = 0;
        const timing = new SolveTiming(() => now);
        timing.ready();
        now = 10;
        assert.equal(timing.line(result), "solve: ready in 0 ms · no student text · done after 10 ms · 48 student tokens (eos)");
    });
});
