// `relayllm grade` as a script runs it: the CLI from source in a child process (no model needed).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../support/paths";

function grade(lines: string[]) {
    const file = join(mkdtempSync(join(tmpdir(), "grade-cli-")), "cases.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "src", "cli", "main.ts"), "grade", file], { encoding: "utf8", cwd: projectRoot });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, file };
}

describe("relayllm grade", () => {
    it("prints one verdict line per input line, in order, with both parsed answers", () => {
        const run = grade([
            JSON.stringify({ gold: "42", pred: "so the answer is \\boxed{42}." }),
            JSON.stringify({ gold: "\\frac{1}{2}", pred: "$0.5$" }),
            JSON.stringify({ gold: "3", pred: "I think it is 4" }),
        ]);
        assert.equal(run.code, 0, run.stderr);
        const lines = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
        assert.deepEqual(lines.map((line) => line.equal), [true, true, false]);
        assert.deepEqual(Object.keys(lines[0]), ["equal", "gold", "pred"]);
        assert.deepEqual([lines[0].pred.kind, lines[0].pred.extracted], ["number", "42"]);
        assert.equal(lines[2].pred.extracted, "4");
    });

    it("a bad line is one clear error naming it, before anything is printed", () => {
        const run = grade([JSON.stringify({ gold: "1", pred: "1" }), JSON.stringify({ gold: 1, pred: "1" })]);
        assert.equal(run.code, 2);
        assert.equal(run.stdout, "");
        assert.equal(run.stderr.trim(), `relayllm: ${run.file}:2: "gold" must be a string`);
        const broken = grade(['{"gold": "1", "pred": ']);
        assert.match(broken.stderr.trim(), /^relayllm: .*cases\.jsonl:1: not valid JSON/);
    });
});
