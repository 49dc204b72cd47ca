// `relayllm bench` as users run it: the built CLI in a child process, the real stories260K student and a real
// llama-server (TinyStories 656K) teacher on loopback. Accuracy is near zero with these models; the tests pin
// the files, their consistency, and resuming after a kill -9.
//
// The test teacher's vocabulary has no byte fallback: a prompt containing `#%&()*+/=@[\]^`{}~` or non-ASCII
// text makes llama-server answer 400. The reference instruction ends in `\boxed{}`, so on gsm8k every teacher
// call fails (recorded per solve); a small data set with plain prompts shows calls that succeed.
import { spawn } from "node:child_process";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { JSDOM } from "jsdom";
import type { BenchRecord, BenchReport } from "../../src/eval/bench";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { cliPath, projectRoot, requireSharedModels, studentModelPath } from "../support/paths";
import { cli } from "../support/cli";


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const grammarFile = join(projectRoot, "examples", "grammars", "call-once.gbnf");

function records(out: string): BenchRecord[] {
    return readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as BenchRecord);
}

function summary(out: string): BenchReport {
    return JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as BenchReport;
}

/** The rows of the main table (not the matched-router section after it), without the header. */
function tableRows(out: string): string[] {
    const table = readFileSync(join(out, "table.md"), "utf8");
    const main = table.split("## Performance-matched random router")[0]!;
    return main.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Method"));
}

function svgCircles(out: string): number {
    const { window } = new JSDOM("");
    const document = new window.DOMParser().parseFromString(readFileSync(join(out, "pareto.svg"), "utf8"), "image/svg+xml");
    assert.equal(document.getElementsByTagName("parsererror").length, 0, "pareto.svg is well-formed");
    return document.getElementsByTagName("circle").length;
}

/** A data set the test teacher can read: letters, spaces and full stops only. */
function plainDataset(): string {
    const path = join(mkdtempSync(join(tmpdir(), "bench-plain-")), "plain.jsonl");
    const problems = [
        ["tom", "Tom has two red balls. How many balls does Tom have", "2"],
        ["lily", "Lily saw a big dog and then one more dog. How many dogs did she see", "2"],
        ["ben", "Ben ate three apples. How many apples did Ben eat", "3"],
    ];
    writeFileSync(path, problems.map(([id, problem, answer]) => JSON.stringify({ id, problem, answer })).join("\n") + "\n");
    return path;
}

describe("relayllm bench with a real student and a real llama-server teacher", () => {
    let server: LlamaServer;
    let models: string[];
    before(async () => {
        requireSharedModels();
        server = await startLlamaServer();
        models = ["--student", studentModelPath, "--teacher-url", server.baseURL, "--threads", "1", "--max-tokens", "48"];
    });
    after(async () => server?.stop());

    it("gsm8k: writes results, table and plot that agree; teacher failures are counted per solve", async () => {
        const out = mkdtempSync(join(tmpdir(), "bench-gsm8k-"));
        const run = await cli(["bench", "--dataset", "gsm8k", "--limit", "3", "--modes", "student-only,relay,teacher-only,router", ...models, "--out", out]);
        assert.equal(run.code, 0, run.stderr);
        // The router reuses the student-only and teacher-only solves: 3 modes × 3 problems.
        const stored = records(out);
        assert.equal(stored.length, 9);
        assert.deepEqual(new Set(stored.map((record) => record.id)), new Set(["gsm8k-test-0", "gsm8k-test-1", "gsm8k-test-2"]));
        for (const record of stored) assert.ok(record.usage.studentTokens + record.usage.teacherTokens <= 48 + 16, `${record.mode} stays near --max-tokens`);
        const teacherOnly = stored.filter((record) => record.mode === "teacher-only");
        assert.ok(teacherOnly.every((record) => record.stopReason === "teacher-error" && record.teacherErrors[0] === "bad-request" && !record.correct));

        const report = summary(out);
        assert.deepEqual(report.methods.map((method) => method.mode), ["student-only", "relay", "teacher-only", "router"]);
        for (const method of report.methods) assert.deepEqual([method.finished, method.planned], [3, 3], method.mode);
        const student = report.methods[0]!;
        assert.equal(student.studentTokens, stored.filter((record) => record.mode === "student-only").reduce((sum, record) => sum + record.usage.studentTokens, 0));
        assert.equal(student.callRatio, 0);
        assert.equal(report.methods[2]!.teacherErrorSolves, 3);
        const routed = report.methods[3]!;
        assert.equal(routed.teacherErrorSolves, 2, "the router sends round(0.5 × 3) = 2 problems to the teacher");

        const rows = tableRows(out);
        assert.equal(rows.length, 4 + 1, "four methods after the alignment row");
        assert.match(rows[3]!, /^\| Teacher only \| 0\.0 % \| .* \| 3 \| 3\/3 \|$/);
        assert.equal(svgCircles(out), 4);
        assert.equal(run.stdout, readFileSync(join(out, "table.md"), "utf8"), "the table is also printed");
    });

    it("a data set the teacher can read: relay and confidence calls succeed; concurrent solves share the student", async () => {
        const out = mkdtempSync(join(tmpdir(), "bench-plain-"));
        const run = await cli([
            "bench", "--dataset", plainDataset(), "--modes", "student-only,relay,confidence,teacher-only,router", ...models,
            "--prompt-suffix", " Answer the question.", "--grammar", grammarFile, "--concurrency", "2", "--router-fractions", "0,0.5,1", "--out", out,
        ]);
        assert.equal(run.code, 0, run.stderr);
        const stored = records(out);
        assert.equal(stored.length, 4 * 3, "the router sweep runs nothing of its own");
        assert.ok(stored.every((record) => record.teacherErrors.length === 0), "no teacher failures");
        for (const record of stored.filter((record) => record.mode === "relay")) {
            assert.equal(record.usage.calls, 1, "the grammar makes the student write one command");
            assert.ok(record.usage.teacherTokens > 0 && record.usage.studentTokens > 0);
        }
        const report = summary(out);
        const byMode = Object.fromEntries(report.methods.map((method) => [method.mode, method]));
        assert.equal(byMode["teacher-only"]!.callRatio, 1);
        assert.ok(byMode.relay!.callRatio > 0 && byMode.relay!.callRatio < 1);
        assert.ok(byMode.relay!.teacherPromptTokens > 0 && byMode.relay!.teacherOutputTokens > 0);
        assert.ok(byMode.confidence!.calls >= 1);
        // The sweep: three router rows made of the student-only and teacher-only solves, the ends equal to them.
        const routers = report.methods.filter((method) => method.mode === "router");
        assert.deepEqual(routers.map((method) => method.routerFraction), [0, 0.5, 1]);
        assert.deepEqual([routers[0]!.accuracy, routers[0]!.callRatio], [byMode["student-only"]!.accuracy, 0]);
        assert.deepEqual([routers[2]!.accuracy, routers[2]!.callRatio], [byMode["teacher-only"]!.accuracy, 1]);
        assert.ok(routers[1]!.callRatio > 0 && routers[1]!.callRatio < 1);
        // Each relay-like row has its matched router: a number from the formula, or null with the reason.
        const [low, high] = [byMode["student-only"]!.accuracy!, byMode["teacher-only"]!.accuracy!];
        for (const row of [byMode.relay!, byMode.confidence!]) {
            const matched = row.matchedRouter!;
            if (matched.teacherShare === null || matched.teacherShare === 0) assert.ok(matched.reason && matched.costReduction === null, JSON.stringify(matched));
            else assert.ok(Math.abs(matched.teacherShare - (row.accuracy! - low) / (high - low)) < 1e-12 && Math.abs(matched.costReduction! - (1 - row.callRatio / matched.teacherShare)) < 1e-12);
        }
        assert.equal(tableRows(out).length, 1 + 7, "seven rows after the alignment row");
        assert.match(readFileSync(join(out, "table.md"), "utf8"), /## Performance-matched random router\n\n\| Method \|.*\n.*\n\| RelayLLM \(learned calls\) \|.*\n\| Confidence calls \(top1 &lt; 0\.\d+\) \|/);
        assert.equal(svgCircles(out), 7);
        assert.match(readFileSync(join(out, "pareto.svg"), "utf8"), /<polyline points="[^"]+" fill="none"/, "the measured router curve");
    });

    it("a kill -9 midway loses no finished solve; the rerun does only the rest", async () => {
        const out = mkdtempSync(join(tmpdir(), "bench-resume-"));
        const args = ["bench", "--dataset", plainDataset(), "--modes", "student-only,relay", "--repeat", "6", ...models, "--prompt-suffix", " Answer the question.", "--out", out];
        const total = 3 * 6 * 2;
        const resultsPath = join(out, "results.jsonl");
        const child = spawn(process.execPath, [cliPath, ...args], { stdio: "ignore" });
        const lineCount = () => (existsSync(resultsPath) ? readFileSync(resultsPath, "utf8").split("\n").filter((line) => line !== "").length : 0);
        const deadline = Date.now() + 60_000;
        while (lineCount() < 4 && Date.now() < deadline && child.exitCode === null) await sleep(20);
        child.kill("SIGKILL");
        await new Promise((resolve) => child.once("close", resolve));
        const before = readFileSync(resultsPath, "utf8");
        const finished = before.endsWith("\n") ? lineCount() : lineCount() - 1;
        assert.ok(finished >= 4 && finished < total, `killed with ${finished} of ${total} solves stored`);

        const rerun = await cli(args);
        assert.equal(rerun.code, 0, rerun.stderr);
        assert.match(rerun.stderr, new RegExp(`bench: ${total - finished} solves run, ${finished} found in `));
        const after = readFileSync(resultsPath, "utf8");
        assert.ok(after.startsWith(before.slice(0, before.lastIndexOf("\n") + 1)), "finished lines are kept as they were");
        const stored = records(out);
        assert.equal(stored.length, total);
        assert.equal(new Set(stored.map((record) => `${record.mode}/${record.id}/${record.repeat}`)).size, total, "no solve was done twice");
        const report = summary(out);
        assert.ok(report.methods.every((method) => method.finished === 18 && method.planned === 18));
        assert.match(readFileSync(join(out, "table.md"), "utf8"), /\| Accuracy \(avg@6\) \|/);

        const third = await cli(args);
        assert.equal(third.code, 0, third.stderr);
        assert.match(third.stderr, new RegExp(`bench: 0 solves run, ${total} found in `));
    });

    it("a bad data set line is one clear error and exit code 2", async () => {
        const path = join(mkdtempSync(join(tmpdir(), "bench-bad-")), "bad.jsonl");
        writeFileSync(path, '{"problem": "a", "answer": "1"}\n{"problem": "b"}\n');
        const run = await cli(["bench", "--dataset", path, ...models, "--modes", "student-only"]);
        assert.equal(run.code, 2);
        assert.equal(run.stderr.trim(), `relayllm: data set ${path}:2: "answer" must be a non-empty string or a number`);
    });
});
