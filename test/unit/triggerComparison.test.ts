import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MethodSummary } from "../../src/eval/bench";
import { compareTriggers, gapRecovered, randomGapAt } from "../../src/eval/bench/triggerComparison";
import { comparisonSvg, comparisonTable } from "../../src/eval/bench/triggerComparisonReport";
import type { ConfidenceTriggerName } from "../../src/relay";

/** A summary row with only the numbers the comparison reads. */
function method(mode: MethodSummary["mode"], accuracy: number, callRatio: number, trigger?: ConfidenceTriggerName, threshold?: number): MethodSummary {
    return {
        mode,
        label: trigger ? `Confidence calls (${trigger} ${threshold})` : mode,
        planned: 10,
        finished: 10,
        accuracy,
        callRatio,
        costUSD: 0,
        meanLatencyMs: 1,
        p95LatencyMs: 1,
        teacherErrorSolves: 0,
        studentTokens: 100,
        teacherTokens: Math.round(callRatio * 100),
        teacherOutputTokens: 0,
        teacherPromptTokens: 0,
        teacherCachedPromptTokens: 0,
        calls: 1,
        ...(trigger === undefined ? {} : { trigger, threshold }),
        byKind: { "teacher-dependent": { solves: 4, accuracy, callRatio, callRate: 0.5 } },
    };
}

// Student 40 %, teacher 70 %: a gap of 30 points.
const rows = [
    method("student-only", 0.4, 0),
    method("teacher-only", 0.7, 1),
    method("router", 0.55, 0.5),
    method("router", 0.4, 0),
    method("confidence", 0.43, 0.02, "random", 0.01),
    method("confidence", 0.46, 0.1, "random", 0.05),
    method("confidence", 0.58, 0.04, "step", 1),
    method("confidence", 0.64, 0.2, "step", 0.5),
    method("confidence", 0.49, 0.05, "top1", 0.2),
    method("confidence", 0.52, 0.3, "entropy", 1),
];

describe("trigger comparison", () => {
    it("measures the gap recovered against the two baselines", () => {
        assert.ok(Math.abs(gapRecovered(0.55, 0.4, 0.7)! - 0.5) < 1e-12);
        assert.equal(gapRecovered(null, 0.4, 0.7), null);
        assert.equal(gapRecovered(0.5, 0.5, 0.5), null);
    });

    it("interpolates the random trigger's curve from (0, 0), and gives nothing beyond its last point", () => {
        const curve = [{ callRatio: 0.1, gapRecovered: 0.2 }, { callRatio: 0.02, gapRecovered: 0.1 }];
        assert.ok(Math.abs(randomGapAt(curve, 0.01)! - 0.05) < 1e-12);
        assert.ok(Math.abs(randomGapAt(curve, 0.06)! - 0.15) < 1e-12);
        assert.equal(randomGapAt(curve, 0), 0);
        assert.equal(randomGapAt(curve, 0.2), null);
        assert.equal(randomGapAt([], 0.01), null);
    });

    it("gives each trigger row its gap and the random trigger's at the same ratio, and picks the best within the budget", () => {
        const comparison = compareTriggers(rows);
        assert.equal(comparison.studentOnly, 0.4);
        assert.equal(comparison.teacherOnly, 0.7);
        const step = comparison.methods.find((row) => row.trigger === "step" && row.threshold === 1)!;
        assert.ok(Math.abs(step.gapRecovered! - 0.6) < 1e-9);
        // Random: (0.02, 0.1) and (0.1, 0.2); at 0.04 a quarter of the way: 0.125.
        assert.ok(Math.abs(step.randomGapAtSameRatio! - 0.125) < 1e-9);
        assert.equal(comparison.methods.find((row) => row.trigger === "entropy")!.randomGapAtSameRatio, null);
        assert.equal(comparison.methods.find((row) => row.trigger === "random")!.randomGapAtSameRatio, undefined);
        assert.deepEqual(comparison.bestPerTrigger.map((target) => [target.trigger, target.threshold]), [["step", 1], ["top1", 0.2]]);
        assert.equal(comparison.best!.trigger, "step");
        assert.ok(Math.abs(comparison.best!.timesRandom! - 4.8) < 1e-9);
        assert.equal(compareTriggers(rows, 0.01).best, null);
    });

    it("writes a table row per method with per-kind numbers, and one plot curve per trigger and the router", () => {
        const comparison = compareTriggers(rows);
        const table = comparisonTable(comparison);
        assert.equal(table.split("\n").filter((line) => line.startsWith("| ")).length, rows.length + 2);
        assert.match(table, /\| step \| 1 \| 58\.0 % \| 4\.00 % \|/);
        assert.match(table, /teacher-dependent: accuracy \/ call rate/);
        assert.match(table, /- step at 1: 60\.0 % of the gap at a call ratio of 4\.00 %; the random trigger at that ratio: 12\.5 % \(4\.8×\)\./);
        const svg = comparisonSvg(comparison);
        const curves = [...svg.matchAll(/data-curve="([a-z0-9]+)"/g)].map((match) => match[1]);
        // entropy and top1 have one point each here: points, no line.
        assert.deepEqual(curves.sort(), ["random", "router", "step"]);
        assert.equal(svg.match(/<circle /g)!.length, rows.length);
        assert.match(svg, /top1 trigger/);
    });
});
