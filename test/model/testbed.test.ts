// The test bed as `relayllm testbed build` makes it: both models fine-tuned from the real stories260K with the
// Python trainer (about 75 s on 2 cores the first time, cached by input hash afterwards), then every item
// answered greedily by the written GGUF files through node-llama-cpp. Pins the sanity figures.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { loadDataset } from "../../src/eval/bench";
import { buildTestbed, cpuLlama, measureModel, readTestbedDataset, readTestbedManifest, type TestbedBuild, type TestbedQuestion } from "../../src/testbed";
import { cli } from "../support/cli";
import { requireSharedModels, studentModelPath } from "../support/paths";

describe("test bed", { timeout: 10 * 60_000 }, () => {
    let build: TestbedBuild;
    let items: TestbedQuestion[];

    before(async () => {
        requireSharedModels();
        build = await buildTestbed({ base: studentModelPath });
        items = readTestbedDataset(build.manifest.dataset);
    });

    it("writes a bench data set with one-word answers and all three kinds", () => {
        const dataset = loadDataset(build.manifest.dataset);
        assert.equal(dataset.length, 72);
        for (const kind of ["student-solvable", "teacher-dependent", "teacher-unsolvable"]) assert.equal(items.filter((item) => item.kind === kind).length, 24);
        for (const item of dataset) assert.match(item.answer, /^[a-z]+$/);
    });

    it("teacher knows the teacher-dependent facts, the student is at chance there, both know the solvable ones", async () => {
        const llama = await cpuLlama();
        const teacher = await measureModel(llama, build.manifest.teacher, items, 1);
        const student = await measureModel(llama, build.manifest.student, items, 1);
        const chance = build.record.figures.chance;
        assert.ok(teacher["teacher-dependent"].accuracy >= 0.9, `teacher on teacher-dependent: ${teacher["teacher-dependent"].accuracy}`);
        assert.ok(teacher["student-solvable"].accuracy >= 0.9, `teacher on student-solvable: ${teacher["student-solvable"].accuracy}`);
        assert.ok(student["student-solvable"].accuracy >= 0.9, `student on student-solvable: ${student["student-solvable"].accuracy}`);
        assert.ok(student["teacher-dependent"].accuracy <= chance + 0.1, `student on teacher-dependent: ${student["teacher-dependent"].accuracy}`);
        assert.ok(teacher["teacher-unsolvable"].accuracy <= chance + 0.1, `teacher on unsolvable: ${teacher["teacher-unsolvable"].accuracy}`);
        assert.deepEqual(build.record.figures.teacher, teacher, "the build recorded the same figures");
    });

    it("both models keep their story fluency (held-out NLL on base-model stories within 15 % of the base)", () => {
        for (const model of ["teacher", "student"] as const) {
            const { base, trained } = (build.record.training[model] as { heldOutNll: { base: number; trained: number } }).heldOutNll;
            assert.ok(trained <= base * 1.15, `${model}: held-out NLL ${trained} vs base ${base}`);
        }
    });

    it("a second build with the same inputs is the cached one, and the CLI writes the manifest to --out", async () => {
        const again = await buildTestbed({ base: studentModelPath });
        assert.equal(again.cached, true);
        assert.equal(again.dir, build.dir);
        const out = mkdtempSync(join(tmpdir(), "relayllm-testbed-"));
        const run = await cli(["testbed", "build", "--out", out, "--base", studentModelPath]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /cached/);
        assert.deepEqual(readTestbedManifest(join(out, "manifest.json")), { ...build.manifest });
    });
});
