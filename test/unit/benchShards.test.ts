// Splitting a bench run into shards and merging their folders, without models: which solves a shard runs,
// and what `mergeShards` accepts and refuses (each refusal names the folders).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeShards, planBench, shardPlan, type BenchItem, type BenchMode, type BenchRecord, type RunManifest, type ShardFolder } from "../../src/eval/bench";
import { parseBenchArgs } from "../../src/cli/benchArgs";

const items: BenchItem[] = ["a", "b", "c", "d", "e"].map((id) => ({ id, problem: `problem ${id}`, answer: "1" }));
const modes: BenchMode[] = ["student-only", "relay", "teacher-only", "router"];
const configs = { "student-only": "s", "teacher-only": "t", relay: "r", confidence: "c" };
const plan = () => planBench({ items, modes, repeats: 2, routerFractions: [0, 0.5], seed: 0, promptSuffix: "", configOf: (mode) => configs[mode] });

function manifest(index: number, count: number): RunManifest {
    return {
        format: 1, dataset: "toy", items, modes, repeats: 2, routerFractions: [0, 0.5], seed: 0, promptSuffix: "", configs,
        prices: { inputPerMillion: 0, outputPerMillion: 0 }, confidence: { trigger: "top1", threshold: 0.2 }, student: "s", relayTrained: false,
        shard: { index, count },
    };
}

/** A finished result of each of the shard's solves. */
function shardFolder(dir: string, index: number, count: number): ShardFolder {
    const records = shardPlan(plan(), { index, count }).tasks.map((task): BenchRecord => ({
        mode: task.mode, id: task.item.id, repeat: task.repeat, config: task.config, item: task.itemHash, correct: task.mode === "teacher-only",
        answer: "1", extracted: "1", text: `${task.mode} answer`, stopReason: "eos", latencyMs: 10, teacherErrors: [],
        usage: { studentTokens: 5, teacherTokens: 0, teacherOutputTokens: 0, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls: 0 },
        finishedAt: "2026-12-07T00:00:00.000Z",
    }));
    return { dir, manifest: manifest(index, count), records };
}

describe("bench shards", () => {
    it("the shards of a plan are disjoint, cover it, keep each problem's repeat whole and differ by one unit at most", () => {
        const whole = plan();
        const shards = [1, 2, 3].map((index) => shardPlan(whole, { index, count: 3 }));
        const keys = shards.flatMap((shard) => shard.tasks.map((task) => task.key));
        assert.equal(new Set(keys).size, keys.length, "no solve in two shards");
        assert.deepEqual(new Set(keys), new Set(whole.tasks.map((task) => task.key)));
        const shardOfUnit = new Map<string, number>();
        shards.forEach((shard, index) => {
            for (const task of shard.tasks) {
                const unit = `${task.item.id}/${task.repeat}`;
                assert.equal(shardOfUnit.get(unit) ?? index, index, `all modes of ${unit} in one shard`);
                shardOfUnit.set(unit, index);
            }
            // Router cells stay with the solves they reuse.
            const own = new Set(shard.tasks.map((task) => task.key));
            for (const method of shard.methods) for (const cell of method.cells) assert.ok(own.has(cell.key));
        });
        const units = shards.map((shard) => new Set(shard.tasks.map((task) => `${task.item.id}/${task.repeat}`)).size);
        assert.deepEqual(units, [4, 3, 3]);
        assert.deepEqual(shardPlan(whole, { index: 2, count: 3 }), shards[1], "the same plan splits the same way");
        assert.equal(shardPlan(whole, { index: 1, count: 1 }), whole);
    });

    it("--shard I/N is checked; a shard gets its own default folder", () => {
        const base = ["--dataset", "gsm8k", "--student", "s.gguf", "--modes", "student-only"];
        assert.deepEqual(parseBenchArgs([...base, "--shard", "2/3"]).shard, { index: 2, count: 3 });
        assert.deepEqual(parseBenchArgs(base).shard, { index: 1, count: 1 });
        for (const bad of ["0/2", "3/2", "2", "a/b", "1/0"]) assert.throws(() => parseBenchArgs([...base, "--shard", bad]), /--shard must be I\/N with 1 <= I <= N/);
        assert.throws(() => parseBenchArgs([...base, "--concurrency", "300"]), /--concurrency must be at most 256/);
    });
});

describe("mergeShards", () => {
    it("combines the shards into the whole run's results, in plan order", () => {
        const merged = mergeShards([shardFolder("/out/2", 2, 2), shardFolder("/out/1", 1, 2)]);
        assert.deepEqual(merged.records.map((record) => `${record.mode}/${record.id}/${record.repeat}`), plan().tasks.map((task) => `${task.mode}/${task.item.id}/${task.repeat}`));
        assert.deepEqual(merged.manifest.shard, { index: 1, count: 1 });
        assert.deepEqual(merged.notes, []);
    });

    it("a missing shard is a note; its solves stay unfinished", () => {
        const merged = mergeShards([shardFolder("/out/1", 1, 3), shardFolder("/out/3", 3, 3)]);
        assert.deepEqual(merged.notes, ["shard 2/3 not given: their solves are unfinished in the table"]);
        assert.equal(merged.records.length, plan().tasks.length - shardPlan(plan(), { index: 2, count: 3 }).tasks.length);
    });

    it("refuses a folder twice, a shard in two folders, and folders of different runs or splits", () => {
        assert.throws(() => mergeShards([shardFolder("/out/1", 1, 2), shardFolder("/out/1", 1, 2)]), /\/out\/1 is given twice/);
        assert.throws(() => mergeShards([shardFolder("/out/a", 1, 2), shardFolder("/out/b", 1, 2)]), /shard 1\/2 is in two folders: \/out\/a and \/out\/b/);
        assert.throws(() => mergeShards([shardFolder("/out/a", 1, 2), shardFolder("/out/b", 2, 3)]), /\/out\/a is shard 1\/2 but \/out\/b is shard 2\/3/);
        const other = shardFolder("/out/b", 2, 2);
        other.manifest.seed = 7;
        assert.throws(() => mergeShards([shardFolder("/out/a", 1, 2), other]), /\/out\/a and \/out\/b are not shards of one run: their run.json differ in "seed"/);
    });

    it("refuses a result held by two folders: identical (a duplicate) or not (a conflict), naming the solve and the folders", () => {
        const one = shardFolder("/out/1", 1, 2);
        const two = shardFolder("/out/2", 2, 2);
        const stray = { ...one.records[0]! };
        assert.throws(() => mergeShards([one, { ...two, records: [...two.records, stray] }]), /the result of student-only on problem "a", repeat 0 is in both \/out\/1 and \/out\/2 \(a duplicate/);
        assert.throws(
            () => mergeShards([one, { ...two, records: [...two.records, { ...stray, text: "another answer" }] }]),
            /\/out\/1 and \/out\/2 hold conflicting results of student-only on problem "a", repeat 0 \(they differ in "text"\)/,
        );
    });

    it("results made with other settings are left out with a note", () => {
        const one = shardFolder("/out/1", 1, 1);
        const merged = mergeShards([{ ...one, records: [...one.records, { ...one.records[0]!, config: "old" }] }]);
        assert.equal(merged.records.length, plan().tasks.length);
        assert.deepEqual(merged.notes, ["1 results in /out/1 were made with other settings or problems and are not used"]);
    });
});
