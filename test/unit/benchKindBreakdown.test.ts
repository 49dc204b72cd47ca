import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { BenchRecord } from "../../src/eval/bench/benchRecord";
import { loadDataset } from "../../src/eval/bench/dataset";
import { summarizeByKind } from "../../src/eval/bench/kindBreakdown";
import { planBench } from "../../src/eval/bench/benchPlan";
import { summarizePlan } from "../../src/eval/bench/summarize";

function record(id: string, correct: boolean, studentTokens: number, teacherTokens: number, calls: number, repeat = 0): BenchRecord {
    return {
        mode: "confidence", id, repeat, config: "c", item: "i", correct, answer: "dog", extracted: "", text: "", stopReason: "max-tokens",
        usage: { studentTokens, teacherTokens, teacherOutputTokens: teacherTokens, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls },
        teacherErrors: [], latencyMs: 1, finishedAt: "2026-01-01T00:00:00.000Z",
    };
}

describe("bench results by item kind", () => {
    it("gives each kind its accuracy, call ratio and call rate", () => {
        const kinds: Record<string, string> = { a: "solvable", b: "solvable", c: "dependent" };
        const byKind = summarizeByKind([record("a", true, 4, 0, 0), record("b", false, 2, 2, 1), record("c", true, 1, 3, 1), record("z", true, 1, 0, 0)], (id) => kinds[id]);
        assert.deepEqual(byKind, {
            dependent: { solves: 1, accuracy: 1, callRatio: 0.75, callRate: 1 },
            solvable: { solves: 2, accuracy: 0.5, callRatio: 0.25, callRate: 0.5 },
        });
    });

    it("averages repeats per problem first (avg@K)", () => {
        const byKind = summarizeByKind([record("a", true, 1, 0, 0, 0), record("a", false, 1, 0, 0, 1), record("b", true, 1, 0, 0)], () => "k");
        assert.equal(byKind?.k?.accuracy, 0.75);
    });

    it("adds nothing for a data set without kinds", () => {
        assert.equal(summarizeByKind([record("a", true, 1, 0, 0)], () => undefined), undefined);
    });

    it("reads an optional kind from the data set and rejects an empty one", () => {
        const dir = mkdtempSync(join(tmpdir(), "relayllm-kind-"));
        const good = join(dir, "good.jsonl");
        writeFileSync(good, '{"problem":"p","answer":"dog","kind":"teacher-dependent"}\n{"problem":"q","answer":"cat"}\n');
        assert.deepEqual(loadDataset(good).map((item) => item.kind), ["teacher-dependent", undefined]);
        const bad = join(dir, "bad.jsonl");
        writeFileSync(bad, '{"problem":"p","answer":"dog","kind":""}\n');
        assert.throws(() => loadDataset(bad), /bad\.jsonl:1: "kind" must be a non-empty string/);
    });

    it("puts byKind on every summary row when the problems have kinds, and none when they do not", () => {
        const items = [{ id: "a", problem: "p", answer: "dog", kind: "x" }, { id: "b", problem: "q", answer: "cat", kind: "y" }];
        const plan = planBench({ items, modes: ["student-only", "teacher-only"], repeats: 1, routerFractions: [], seed: 0, configOf: (mode) => mode });
        const stored = new Map(plan.tasks.map((task) => [task.key, { ...record(task.item.id, task.mode === "teacher-only", 2, task.mode === "teacher-only" ? 2 : 0, 0), mode: task.mode }]));
        const rows = summarizePlan(plan, (key) => stored.get(key), { inputPerMillion: 0, outputPerMillion: 0 });
        assert.deepEqual(rows.map((row) => row.byKind), [
            { x: { solves: 1, accuracy: 0, callRatio: 0, callRate: 0 }, y: { solves: 1, accuracy: 0, callRatio: 0, callRate: 0 } },
            { x: { solves: 1, accuracy: 1, callRatio: 0.5, callRate: 1 }, y: { solves: 1, accuracy: 1, callRatio: 0.5, callRate: 1 } },
        ]);
        const plain = planBench({ items: items.map(({ kind: _kind, ...item }) => item), modes: ["student-only"], repeats: 1, routerFractions: [], seed: 0, configOf: (mode) => mode });
        assert.equal(summarizePlan(plain, () => undefined, { inputPerMillion: 0, outputPerMillion: 0 })[0]!.byKind, undefined);
    });
});
