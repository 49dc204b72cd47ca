// `relayllm bench --shard I/N` and `relayllm bench merge` as a lab runs them, on one machine: the built CLI,
// the real stories260K student (one worker per shard) and one real llama-server teacher shared by the shards.
// Two shards run in parallel and merged give the table of one unsharded run (what a clock or the teacher
// server's cache decides aside).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { BenchRecord, BenchReport } from "../../src/eval/bench";
import { cli } from "../support/cli";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { projectRoot, requireSharedModels, studentModelPath } from "../support/paths";

const grammarFile = join(projectRoot, "examples", "grammars", "call-once.gbnf");

/** A data set the test teacher can read (letters, spaces and full stops only). */
function plainDataset(): string {
    const path = join(mkdtempSync(join(tmpdir(), "bench-shards-data-")), "plain.jsonl");
    const problems = [
        ["tom", "Tom has two red balls. How many balls does Tom have", "two"],
        ["lily", "Lily saw a big dog and then one more dog. How many dogs did she see", "two"],
        ["ben", "Ben ate three apples. How many apples did Ben eat", "three"],
        ["sue", "Sue had one cat. What did Sue have", "cat"],
        ["max", "Max went to the park with his mom. Where did Max go", "park"],
    ];
    writeFileSync(path, problems.map(([id, problem, answer]) => JSON.stringify({ id, problem, answer })).join("\n") + "\n");
    return path;
}

const records = (out: string): BenchRecord[] =>
    readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as BenchRecord);

/**
 * The report's figures that the solves decide. Left out: what a clock decides (latency, the date) and the
 * teacher server's own counts (prompt, cached and output tokens, so cost): a request served from the server's
 * prompt cache, or retried while three runs share the one-slot server, counts differently for the same text.
 */
function solveFigures(out: string): unknown {
    const report = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as BenchReport;
    return report.methods.map(({ label, accuracy, callRatio, studentTokens, teacherTokens, calls, finished, planned, teacherErrorSolves, routerFraction, matchedRouter }) => ({
        label, accuracy, callRatio, studentTokens, teacherTokens, calls, finished, planned, teacherErrorSolves, routerFraction, matchedRouter,
    }));
}

/** table.md's rows, in the columns the solves decide (method, accuracy, call ratio, teacher errors, solves). */
function solveColumns(out: string): string[] {
    return readFileSync(join(out, "table.md"), "utf8")
        .split("\n")
        .filter((line) => line.startsWith("| "))
        .map((line) => line.split(" | ").filter((_, column) => [0, 1, 2, 8, 9].includes(column)).join(" | "));
}

describe("relayllm bench --shard and bench merge (real student, real llama-server teacher)", () => {
    let server: LlamaServer;
    let args: string[];
    before(async () => {
        requireSharedModels();
        server = await startLlamaServer();
        args = [
            "bench", "--dataset", plainDataset(), "--modes", "student-only,relay,teacher-only,router", "--router-fractions", "0,0.5,1", "--repeat", "2",
            "--grader", "exact", "--prompt-suffix", " Answer the question.", "--grammar", grammarFile, "--max-tokens", "32", "--temperature", "0",
            "--student", studentModelPath, "--teacher-url", server.baseURL, "--threads", "1",
        ];
    });
    after(async () => server?.stop());

    it("two shards run in parallel and merged give the unsharded run's table", async () => {
        const [whole, shard1, shard2, merged] = ["whole", "shard1", "shard2", "merged"].map((name) => join(mkdtempSync(join(tmpdir(), `bench-shards-${name}-`)), "out"));
        const [wholeRun, run1, run2] = await Promise.all([
            cli([...args, "--out", whole!]),
            cli([...args, "--shard", "1/2", "--out", shard1!]),
            cli([...args, "--shard", "2/2", "--out", shard2!]),
        ]);
        for (const run of [wholeRun, run1, run2]) assert.equal(run.code, 0, run.stderr);
        assert.match(readFileSync(join(shard1!, "table.md"), "utf8"), /shard 1\/2 of the run/);
        const [one, two] = [records(shard1!), records(shard2!)];
        assert.ok(one.length > 0 && two.length > 0);
        assert.equal(one.length + two.length, records(whole!).length, "the shards split the solves");

        const merge = await cli(["bench", "merge", shard1!, shard2!, "--out", merged!]);
        assert.equal(merge.code, 0, merge.stderr);
        assert.equal(merge.stdout, readFileSync(join(merged!, "table.md"), "utf8"), "the merged table is printed");
        const solved = (out: string) =>
            records(out)
                .map(({ mode, id, repeat, text, correct, stopReason, usage: { studentTokens, teacherTokens, calls } }) => ({ mode, id, repeat, text, correct, stopReason, studentTokens, teacherTokens, calls }))
                .sort((a, b) => JSON.stringify([a.mode, a.id, a.repeat]).localeCompare(JSON.stringify([b.mode, b.id, b.repeat])));
        assert.deepEqual(solved(merged!), solved(whole!), "the same solves");
        assert.deepEqual(solveFigures(merged!), solveFigures(whole!));
        assert.deepEqual(solveColumns(merged!), solveColumns(whole!));
        assert.ok(existsSync(join(merged!, "pareto.svg")));

        // The merged folder is a whole run: the same command finds every solve done.
        const resumed = await cli([...args, "--out", merged!]);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(resumed.stderr, new RegExp(`0 solves run, ${records(whole!).length} found`));

        // A shard given twice, or merged into a folder that holds results, is refused in one line that names it.
        const twice = await cli(["bench", "merge", shard1!, shard2!, whole!, "--out", join(merged!, "..", "again")]);
        assert.equal(twice.code, 2);
        assert.match(twice.stderr, /is shard 1\/2 but .* is shard 1\/1: the runs were split differently/);
        const occupied = await cli(["bench", "merge", shard1!, shard2!, "--out", merged!]);
        assert.equal(occupied.code, 2);
        assert.match(occupied.stderr, /already holds results\.jsonl/);
    });
});
