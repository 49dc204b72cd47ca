// The grader on pathological answers (small models loop on `\boxed{`): bounded work, output linear in the
// input, the time limit holding for parsing too, and `relayllm grade` grading every line.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { extractAnswer, grade, MAX_ANSWER_CHARS, MAX_ANSWER_DEPTH } from "../../src/eval/grader";
import { projectRoot } from "../support/paths";

const unclosedBoxes = (n: number) => "\\boxed{".repeat(n);
const nestedBraces = (n: number) => "{".repeat(n) + "1" + "}".repeat(n);

test("an answer just past the length or depth cap is unparseable and not equal; just within, it is read", async () => {
    const long = await grade("1", `\\boxed{${"1".repeat(MAX_ANSWER_CHARS + 1)}}`);
    assert.equal(long.pred.kind, "unparseable");
    assert.equal(long.equal, false);
    const deep = await grade("1", `\\boxed{${nestedBraces(MAX_ANSWER_DEPTH + 1)}}`);
    assert.equal(deep.pred.kind, "unparseable");
    assert.equal(deep.equal, false);
    const within = await grade("1", `\\boxed{${nestedBraces(MAX_ANSWER_DEPTH - 1)}}`);
    assert.equal(within.equal, true);
    // Unparseable on both sides is still not equal, and the output keeps only the start of the text.
    const both = await grade(nestedBraces(MAX_ANSWER_DEPTH + 1), nestedBraces(MAX_ANSWER_DEPTH + 1));
    assert.equal(both.equal, false);
    assert.ok(both.gold.extracted.length <= 201);
});

test("an unclosed box ends at its line, and a box inside a box is part of it", () => {
    assert.equal(extractAnswer("\\boxed{\\frac{1}{2}\nmore text"), "\\frac{1}{2}");
    assert.equal(extractAnswer("\\boxed{3} then \\boxed{\\boxed{4}"), "\\boxed{4}");
    assert.equal(extractAnswer("\\boxed{\\boxed{5}}"), "\\boxed{5}");
});

test("10,000 unclosed boxes, 3,000 nested braces and 20,000 unpaired delimiters grade fast, with small output", async () => {
    const inputs = [unclosedBoxes(10_000), nestedBraces(3000), "(".repeat(3000) + "1", "\\(".repeat(20_000) + " $".repeat(20_000), `${unclosedBoxes(2000)}\n`.repeat(5)];
    const started = performance.now();
    for (const pred of inputs) {
        const result = await grade("1", pred);
        assert.equal(result.equal, false);
        const size = JSON.stringify(result).length;
        assert.ok(size < 2000, `output of ${size} characters for an input of ${pred.length}`);
    }
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 3000, `took ${elapsed.toFixed(0)} ms`);
});

test("extraction is linear: ten times the unclosed boxes take far less than a hundred times as long", () => {
    const time = (n: number) => {
        const text = `${unclosedBoxes(n / 10)}\n`.repeat(10);
        const started = performance.now();
        for (let k = 0; k < 3; k++) extractAnswer(text);
        return performance.now() - started;
    };
    time(2000); // warm up
    const small = Math.max(time(4000), 1);
    const large = time(40_000);
    assert.ok(large < 30 * small, `4,000 boxes: ${small.toFixed(1)} ms, 40,000: ${large.toFixed(1)} ms`);
});

test("the time limit covers parsing as well as comparison", async () => {
    // Extracting from 4 MB of text takes far longer than 1 ms: the grade must stop there, not run on.
    const pred = "We have $x$ and $y$ here. ".repeat(150_000) + "\\boxed{1}";
    const started = performance.now();
    const result = await grade("1", pred, { timeLimitMs: 1 });
    assert.equal(result.equal, false);
    assert.equal(result.timedOut, true);
    assert.ok(performance.now() - started < 1000);
});

test("relayllm grade grades every line: pathological lines do not stop the valid line after them", () => {
    const file = join(mkdtempSync(join(tmpdir(), "grade-bounds-")), "cases.jsonl");
    const lines = [
        { gold: "1", pred: unclosedBoxes(10_000) },
        { gold: "1", pred: nestedBraces(3000) },
        { gold: "42", pred: "so \\boxed{42}." },
        // The reference's rule (`--extract first`): the first box, not the last one.
        { gold: "42", pred: "\\boxed{41}\nthen \\boxed{42}" },
    ];
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    const started = performance.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "src", "cli", "main.ts"), "grade", file], { encoding: "utf8", cwd: projectRoot });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(performance.now() - started < 20_000);
    const verdicts = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as { equal: boolean; pred: { kind: string } });
    assert.deepEqual(verdicts.map((verdict) => verdict.equal), [false, false, true, true]);
    assert.equal(verdicts[1].pred.kind, "unparseable");
    assert.ok(run.stdout.length < 10_000, `${run.stdout.length} characters of output`);
    const first = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "src", "cli", "main.ts"), "grade", file, "--extract", "first"], { encoding: "utf8", cwd: projectRoot });
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(first.stdout.trim().split("\n").map((line) => (JSON.parse(line) as { equal: boolean }).equal), [false, false, true, false]);
    const bad = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "src", "cli", "main.ts"), "grade", file, "--extract", "middle"], { encoding: "utf8", cwd: projectRoot });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr.trim(), /^relayllm: --extract must be one of first, last, got "middle"$/);
});
