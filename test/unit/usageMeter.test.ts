import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { affordableTokens, grantFor } from "../../src/relay/callGrant";
import { priceOf, UsageMeter } from "../../src/relay/usageMeter";

const limits = { maxCallTokens: 8, maxTeacherTokensPerSolve: 100, maxTokens: 1000, maxCallRatio: 1 };

describe("usage and budget arithmetic", () => {
    it("computes the call ratio over both models' tokens in the student's tokenizer", () => {
        const meter = new UsageMeter({ inputPerMillion: 1, outputPerMillion: 4 }, 10);
        meter.addStudent(90);
        meter.addTeacherCall(10, { promptTokens: 120, outputTokens: 9, cachedPromptTokens: 100 });
        const usage = meter.snapshot();
        assert.equal(usage.callRatio, 0.1);
        assert.equal(usage.teacherTokens, 10);
        assert.equal(usage.teacherOutputTokens, 9);
        assert.equal(usage.calls, 1);
    });

    it("prices cached prompt tokens separately, defaulting to the input price", () => {
        assert.equal(priceOf({ inputPerMillion: 2, cachedInputPerMillion: 0.5, outputPerMillion: 8 }, 1_000_000, 500_000, 1_000_000), 1 + 0.25 + 8);
        assert.equal(priceOf({ inputPerMillion: 2, outputPerMillion: 0 }, 1_000_000, 500_000, 0), 2);
    });

    it("gives the teacher-only counterfactual: the prompt in and every generated token out", () => {
        const meter = new UsageMeter({ inputPerMillion: 1, outputPerMillion: 10 }, 1000);
        meter.addStudent(99_000);
        meter.addTeacherCall(1000, { promptTokens: 5000, outputTokens: 1000 });
        const usage = meter.snapshot();
        assert.ok(Math.abs(usage.teacherOnlyCostUSD - (1000 * 1 + 100_000 * 10) / 1e6) < 1e-12);
        assert.ok(Math.abs(usage.costUSD - (5000 + 10_000) / 1e6) < 1e-12);
    });

    it("grants min(requested, per-call cap, per-solve budget, global budget)", () => {
        const meter = new UsageMeter({ inputPerMillion: 0, outputPerMillion: 0 }, 0);
        assert.equal(grantFor(500, limits, meter), 8);
        assert.equal(grantFor(3, limits, meter), 3);
        meter.addTeacherCall(95, { outputTokens: 95 });
        assert.equal(grantFor(500, limits, meter), 5);
        meter.addStudent(900);
        assert.equal(grantFor(500, { ...limits, maxTeacherTokensPerSolve: 1000 }, meter), 5);
    });

    it("keeps the call ratio within its cap", () => {
        const meter = new UsageMeter({ inputPerMillion: 0, outputPerMillion: 0 }, 0);
        meter.addStudent(90);
        const granted = grantFor(500, { ...limits, maxCallTokens: 500, maxCallRatio: 0.1 }, meter);
        assert.equal(granted, 10);
        meter.addTeacherCall(granted, { outputTokens: granted });
        assert.ok(meter.snapshot().callRatio <= 0.1);
        assert.equal(grantFor(500, { ...limits, maxCallRatio: 0.1 }, meter), 0);
    });
});

describe("money budget", () => {
    it("grants only the output tokens still affordable after the prompt's cost", () => {
        const prices = { inputPerMillion: 1, outputPerMillion: 10 };
        assert.equal(affordableTokens(Number.POSITIVE_INFINITY, prices, 1000), Number.POSITIVE_INFINITY);
        assert.equal(affordableTokens(0.002, prices, 1000), 100);
        assert.equal(affordableTokens(0.001, prices, 1000), 0);
        assert.equal(affordableTokens(0.5, { inputPerMillion: 0, outputPerMillion: 0 }, 1000), Number.POSITIVE_INFINITY);
    });
});
