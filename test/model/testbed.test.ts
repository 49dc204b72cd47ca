// The test bed as `relayllm testbed build` makes it: both models fine-tuned from the real stories260K with the
// Python trainer (about 75 s on 2 cores the first time, cached by input hash afterwards), then every item
// answered greedily by the written GGUF files through node-llama-cpp. Pins the sanity figures.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { loadDataset } from "../../src/eval/bench";
import { buildTestbed, cpuLlama, measureModel, readTestbedDataset, readTestbedManifest, type TestbedBuild, type TestbedQuestion } from "../../src/testbed";
import type { BenchReport } from "../../src/eval/bench";
import { cli } from "../support/cli";
import { startLlamaServer } from "../support/llamaServer";
import { requireSharedModels, studentModelPath } from "../support/paths";

describe("test bed", { timeout: 10 * 60_000 }, () => {
    let build: TestbedBuild;
    let items: TestbedQuestion[];

    before(async () => {
        requireSharedModels();
        build = await buildTestbed({ base: studentModelPath });
        items = readTestbedDataset(build.manifest.dataset);
    });

    it("writes a bench data set with one-word answers, all three kinds, both gaps and three splits", () => {
        const dataset = loadDataset(build.manifest.dataset);
        assert.equal(dataset.length, 256);
        assert.deepEqual(["student-solvable", "teacher-dependent", "teacher-unsolvable"].map((kind) => items.filter((item) => item.kind === kind).length), [96, 96, 64]);
        assert.deepEqual(["skill", "knowledge"].map((gap) => items.filter((item) => item.gap === gap).length), [32, 64]);
        assert.deepEqual(["train", "validation", "test"].map((split) => items.filter((item) => item.split === split).length), [128, 32, 96]);
        for (const item of dataset) assert.match(item.answer, /^[a-z]+$/);
    });

    it("teacher knows the teacher-dependent facts, the student is at chance there (both gaps), both know the solvable ones", async () => {
        const llama = await cpuLlama();
        const measured = { teacher: await measureModel(llama, build.manifest.teacher, items, 1), student: await measureModel(llama, build.manifest.student, items, 1) };
        const teacher = measured.teacher.byKind;
        const student = measured.student.byKind;
        const chance = build.record.figures.chance;
        for (const gap of ["skill", "knowledge"] as const) {
            assert.ok(measured.teacher.byGap[gap].accuracy >= 0.9, `teacher on the ${gap} gap: ${measured.teacher.byGap[gap].accuracy}`);
            assert.ok(measured.student.byGap[gap].accuracy <= chance + 0.1, `student on the ${gap} gap: ${measured.student.byGap[gap].accuracy}`);
        }
        assert.ok(teacher["teacher-dependent"].accuracy >= 0.9, `teacher on teacher-dependent: ${teacher["teacher-dependent"].accuracy}`);
        assert.ok(teacher["student-solvable"].accuracy >= 0.9, `teacher on student-solvable: ${teacher["student-solvable"].accuracy}`);
        assert.ok(student["student-solvable"].accuracy >= 0.9, `student on student-solvable: ${student["student-solvable"].accuracy}`);
        assert.ok(student["teacher-dependent"].accuracy <= chance + 0.1, `student on teacher-dependent: ${student["teacher-dependent"].accuracy}`);
        assert.ok(teacher["teacher-unsolvable"].accuracy <= chance + 0.1, `teacher on unsolvable: ${teacher["teacher-unsolvable"].accuracy}`);
        assert.deepEqual(build.record.figures.teacher, teacher, "the build recorded the same figures");
        assert.deepEqual(build.record.figures.gaps.student, measured.student.byGap);
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

    it("relayllm bench --grader exact on it, the teacher on a real llama-server, reports the figures per kind and the trigger", async () => {
        const server = await startLlamaServer({ modelPath: build.manifest.teacher });
        try {
            const out = mkdtempSync(join(tmpdir(), "relayllm-testbed-bench-"));
            const run = await cli([
                "bench", "--dataset", build.manifest.dataset, "--grader", "exact", "--prompt-suffix", "", "--max-tokens", "8",
                "--modes", "student-only,teacher-only,confidence", "--trigger", "entropy", "--trigger-threshold", "0.5", "--student", build.manifest.student, "--teacher-url", server.baseURL,
                "--teacher-model", "teacher", "--temperature", "0", "--threads", "1", "--out", out,
            ]);
            assert.equal(run.code, 0, run.stderr);
            const report = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as BenchReport;
            const row = (mode: string) => report.methods.find((method) => method.mode === mode)!.byKind!;
            assert.ok(row("teacher-only")["teacher-dependent"]!.accuracy! >= 0.9);
            assert.equal(row("teacher-only")["teacher-dependent"]!.callRate, 1);
            assert.ok(row("student-only")["student-solvable"]!.accuracy! >= 0.9);
            assert.ok(row("student-only")["teacher-dependent"]!.accuracy! <= build.record.figures.chance + 0.1);
            assert.equal(row("student-only")["teacher-dependent"]!.callRatio, 0);
            const confidence = report.methods.find((method) => method.mode === "confidence")!;
            assert.equal(confidence.trigger, "entropy");
            assert.equal(confidence.threshold, 0.5);
            assert.equal(confidence.label, "Confidence calls (entropy > 0.5 nats)");
            for (const kind of Object.values(confidence.byKind!)) assert.ok(kind.callRate >= 0 && kind.callRate <= 1 && kind.accuracy !== null);
            assert.equal(report.methods.find((method) => method.mode === "student-only")!.trigger, undefined);
        } finally {
            await server.stop();
        }
    });
});
