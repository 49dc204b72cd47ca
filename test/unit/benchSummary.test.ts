import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { averageAtK, percentile, summarizeMethod, summarizePlan, type BenchPlan, type BenchRecord } from "../../src/eval/bench";

function record(id: string, repeat: number, correct: boolean, usage: Partial<BenchRecord["usage"]> = {}, extra: Partial<BenchRecord> = {}): BenchRecord {
    return {
        mode: "relay",
        id,
        repeat,
        config: "c",
        item: "i",
        correct,
        answer: "1",
        extracted: "1",
        text: "",
        stopReason: "eos",
        usage: { studentTokens: 0, teacherTokens: 0, teacherOutputTokens: 0, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls: 0, ...usage },
        teacherErrors: [],
        latencyMs: 100,
        finishedAt: "",
        ...extra,
    };
}

const free = { inputPerMillion: 0, outputPerMillion: 0 };

describe("bench aggregation", () => {
    it("p95 is the nearest-rank percentile", () => {
        const values = Array.from({ length: 20 }, (_, i) => i + 1);
        assert.equal(percentile(values, 95), 19);
        assert.equal(percentile([...values].reverse(), 95), 19);
        assert.equal(percentile([5], 95), 5);
        assert.equal(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95), 95);
        assert.equal(percentile([], 95), null);
    });

    it("avg@K averages each problem over its repeats, then over problems", () => {
        assert.equal(averageAtK(new Map([["a", [true, false, true, true]], ["b", [false, false, false, false]]])), 3 / 8);
        // A problem with fewer finished repeats weighs as much as the others.
        assert.equal(averageAtK(new Map([["a", [true]], ["b", [false, false, false, true]]])), (1 + 0.25) / 2);
        assert.equal(averageAtK(new Map()), null);
    });

    it("the call ratio is summed teacher tokens over summed generated tokens, not a mean of ratios", () => {
        const summary = summarizeMethod("relay", "Relay", 2, [record("a", 0, true, { studentTokens: 90, teacherTokens: 10 }), record("b", 0, false, { studentTokens: 900, teacherTokens: 0 })], free);
        assert.equal(summary.callRatio, 10 / 1000);
        assert.equal(summary.accuracy, 0.5);
        assert.equal(summary.finished, 2);
    });

    it("under the reference protocol the denominator is the transcript re-encoded (its total_tokens), summed over solves", () => {
        const records = [record("a", 0, true, { studentTokens: 90, teacherTokens: 10, transcriptTokens: 104 }), record("b", 0, false, { studentTokens: 892, teacherTokens: 0, transcriptTokens: 896 })];
        assert.equal(summarizeMethod("relay", "Relay", 2, records, free).callRatio, 10 / 1000);
    });

    it("sums teacher tokens, prices them at report time, and counts solves with teacher errors", () => {
        const records = [
            record("a", 0, true, { teacherOutputTokens: 1_000_000, teacherPromptTokens: 2_000_000, teacherCachedPromptTokens: 1_000_000, calls: 2 }, { latencyMs: 200 }),
            record("b", 0, false, { teacherOutputTokens: 0, teacherPromptTokens: 0, calls: 1 }, { latencyMs: 400, teacherErrors: ["bad-request"] }),
        ];
        const summary = summarizeMethod("relay", "Relay", 4, records, { inputPerMillion: 1, cachedInputPerMillion: 0.5, outputPerMillion: 4 });
        assert.equal(summary.teacherOutputTokens, 1_000_000);
        assert.equal(summary.teacherPromptTokens, 2_000_000);
        assert.equal(summary.calls, 3);
        assert.equal(summary.costUSD, 1 + 0.5 + 4);
        assert.equal(summary.meanLatencyMs, 300);
        assert.equal(summary.p95LatencyMs, 400);
        assert.equal(summary.teacherErrorSolves, 1);
        assert.deepEqual([summary.finished, summary.planned], [2, 4]);
    });

    it("a method with no finished solve has no accuracy or latency", () => {
        const summary = summarizeMethod("relay", "Relay", 3, [], free);
        assert.deepEqual([summary.accuracy, summary.meanLatencyMs, summary.p95LatencyMs, summary.callRatio], [null, null, null, 0]);
    });

    it("each method's row uses the results its plan cells point to (the router's are shared)", () => {
        const plan: BenchPlan = {
            tasks: [],
            methods: [
                { mode: "student-only", cells: [{ id: "a", repeat: 0, key: "s-a" }, { id: "b", repeat: 0, key: "s-b" }] },
                { mode: "teacher-only", cells: [{ id: "a", repeat: 0, key: "t-a" }, { id: "b", repeat: 0, key: "t-b" }] },
                { mode: "router", routerFraction: 0.5, cells: [{ id: "a", repeat: 0, key: "t-a" }, { id: "b", repeat: 0, key: "s-b" }] },
            ],
        };
        const stored: Record<string, BenchRecord> = {
            "s-a": record("a", 0, false, { studentTokens: 50 }),
            "s-b": record("b", 0, false, { studentTokens: 50 }),
            "t-a": record("a", 0, true, { teacherTokens: 50 }),
        };
        const [student, teacher, router] = summarizePlan(plan, (key) => stored[key], free);
        assert.deepEqual([student!.accuracy, student!.callRatio], [0, 0]);
        assert.deepEqual([teacher!.accuracy, teacher!.finished, teacher!.planned], [1, 1, 2]);
        assert.deepEqual([router!.accuracy, router!.callRatio, router!.label], [0.5, 0.5, "Random router (50 % to teacher)"]);
    });

    it("relay-like rows get the matched router from this run's baselines; router rows keep their fraction", () => {
        // 8 problems: student-only 2/8, teacher-only 6/8, relay 5/8 at 10 teacher tokens of 100, confidence 1/8.
        const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
        const rowOf = (mode: BenchPlan["methods"][number]["mode"], extra: Partial<BenchPlan["methods"][number]> = {}) => ({
            mode,
            ...extra,
            cells: ids.map((id) => ({ id, repeat: 0, key: `${mode}|${extra.routerFraction ?? ""}|${id}` })),
        });
        const plan: BenchPlan = {
            tasks: [],
            methods: [rowOf("student-only"), rowOf("relay"), rowOf("confidence"), rowOf("teacher-only"), rowOf("router", { routerFraction: 0.25 }), rowOf("router", { routerFraction: 0.125 })],
        };
        const correctCount: Record<string, number> = { "student-only": 2, relay: 5, confidence: 1, "teacher-only": 6, router: 3 };
        const lookup = (key: string) => {
            const [mode, , id] = key.split("|") as [string, string, string];
            const usage = mode === "relay" ? { studentTokens: 9, teacherTokens: 1 } : {};
            return record(id, 0, Number(id.slice(1)) < correctCount[mode]!, usage);
        };
        const rows = summarizePlan(plan, lookup, free);
        const byLabel = Object.fromEntries(rows.map((row) => [row.label, row]));
        const relay = byLabel["RelayLLM (learned calls)"]!;
        assert.deepEqual([relay.accuracy, relay.callRatio], [5 / 8, 0.1]);
        assert.ok(Math.abs(relay.matchedRouter!.teacherShare! - 0.75) < 1e-12, "(5/8 − 2/8) / (6/8 − 2/8)");
        assert.ok(Math.abs(relay.matchedRouter!.costReduction! - (1 - 0.1 / 0.75)) < 1e-12);
        assert.deepEqual([byLabel["Confidence calls"]!.matchedRouter!.teacherShare, byLabel["Confidence calls"]!.matchedRouter!.reason?.code], [null, "below-student"]);
        for (const row of rows.filter((row) => row.mode === "student-only" || row.mode === "teacher-only" || row.mode === "router")) assert.equal(row.matchedRouter, undefined, row.label);
        assert.deepEqual(rows.filter((row) => row.mode === "router").map((row) => [row.routerFraction, row.label]), [[0.25, "Random router (25 % to teacher)"], [0.125, "Random router (12.5 % to teacher)"]]);
        assert.equal(byLabel["Student only"]!.routerFraction, undefined);
        assert.ok(!("routerFraction" in byLabel["Student only"]!), "summary.json has no routerFraction on other rows");
    });

    it("without a teacher-only row a relay row's matched router is null with the reason", () => {
        const plan: BenchPlan = { tasks: [], methods: [{ mode: "student-only", cells: [{ id: "a", repeat: 0, key: "s" }] }, { mode: "relay", cells: [{ id: "a", repeat: 0, key: "r" }] }] };
        const [, relay] = summarizePlan(plan, (key) => record("a", 0, key === "r"), free);
        assert.deepEqual(relay!.matchedRouter, { teacherShare: null, costReduction: null, reason: { code: "missing-baseline", message: "needs finished student-only and teacher-only results" } });
    });
});
