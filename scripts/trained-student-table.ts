// `npm run testbed:trained [-- --out DIR]`: the table of README's "A student trained here to call", from a fresh
// clone. Builds (or finds cached) the test bed, trains its student to call (`relayllm train student`, cached),
// serves the teacher on a real llama-server, and runs `relayllm bench` on the HELD-OUT characters only (never
// trained on): once with the test bed's own student (student-only, teacher-only, the random router, the default
// confidence trigger) and once with the trained student (learned relay with no grammar, and alone); then the
// trained student in teacher-free mode. Writes DIR/table.md and DIR/table.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BenchReport, MethodSummary } from "../src/eval/bench";
import { gapRecovered } from "../src/eval/bench/triggerComparison";
import { formatPercent } from "../src/format/usageFormat";
import { gradeExact } from "../src/eval/grader/exactMatch";
import { solve } from "../src/relay";
import { loadLlamaStudent } from "../src/student";
import { readTestbedDataset } from "../src/testbed";
import { buildTestbed, startTeacherServer } from "../src/testbed";
import { trainStudent } from "../src/train/studentTraining";
import { projectRoot, studentModelPath } from "../test/support/paths";
import { runRelayllm, scriptFlag, TESTBED_BENCH_FLAGS } from "./testbedBench";

const KINDS = ["student-solvable", "teacher-dependent", "teacher-unsolvable"] as const;
/** The training-free triggers that recovered the most of the gap in the full comparison (90 % at a 25 % call ratio). */
const BEST_TRIGGERS: [trigger: string, threshold: number][] = [["top1", 0.99], ["margin", 0.98]];

function bench(cli: string, args: string[]): BenchReport {
    const out = args[args.indexOf("--out") + 1]!;
    runRelayllm(cli, ["bench", ...args, ...TESTBED_BENCH_FLAGS]);
    return JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as BenchReport;
}

async function main(): Promise<void> {
    const out = resolve(scriptFlag("--out", join(projectRoot, "bench-out", "trained-student")));
    mkdirSync(out, { recursive: true });
    const cli = join(projectRoot, "dist", "cli.js");
    const log = (line: string) => process.stderr.write(line + "\n");
    const build = await buildTestbed({ base: studentModelPath, log });
    const trained = await trainStudent({ manifestPath: join(build.dir, "manifest.json"), log });
    const server = await startTeacherServer({ model: build.manifest.teacher });
    let base: BenchReport;
    let learned: BenchReport;
    const bestTriggers: BenchReport[] = [];
    try {
        const common = ["--dataset", trained.heldOutDataset, "--teacher-url", server.baseURL];
        log("bench: the test bed's student (baselines, router, confidence) on the held-out items...");
        base = bench(cli, [...common, "--student", build.manifest.student, "--modes", "student-only,teacher-only,router,confidence", "--router-fractions", "0.25,0.5,0.75", "--out", join(out, "base")]);
        log("bench: the trained student (learned relay, no grammar) on the held-out items...");
        learned = bench(cli, [...common, "--student", trained.model, "--modes", "student-only,relay", "--out", join(out, "trained")]);
        // The best training-free triggers of the full comparison (README, "Does the relay help?"), on the same held-out items.
        for (const [trigger, threshold] of BEST_TRIGGERS) {
            log(`bench: the test bed's student, confidence ${trigger} ${threshold}, on the held-out items...`);
            bestTriggers.push(bench(cli, [...common, "--student", build.manifest.student, "--modes", "confidence", "--trigger", trigger, "--trigger-threshold", String(threshold), "--out", join(out, `trigger-${trigger}-${threshold}`)]));
        }
    } finally {
        await server.stop();
    }
    // Teacher-free mode (commands blocked at the token level; docs/relay.md), which bench has no mode for: the
    // paper's question of what the trained student is worth alone. Its bench student-only row lets it write
    // commands that no teacher answers.
    const items = readTestbedDataset(trained.heldOutDataset);
    const alone = await loadLlamaStudent({ model: trained.model, threads: 1, gpu: false, contextSize: 256 });
    const freeByKind: Record<string, { correct: number; total: number }> = {};
    try {
        for (const item of items) {
            const result = await solve({ student: alone, userPrompt: item.prompt, mode: "teacher-free", temperature: 0, maxTokens: 32, seed: 0 });
            const cell = (freeByKind[item.kind] ??= { correct: 0, total: 0 });
            cell.total++;
            if (gradeExact(item.answer, result.text).equal) cell.correct++;
        }
    } finally {
        await alone.dispose();
    }
    const freeCorrect = Object.values(freeByKind).reduce((sum, cell) => sum + cell.correct, 0);
    const teacherFree = {
        mode: "student-only", label: "teacher-free", accuracy: freeCorrect / items.length, callRatio: 0,
        byKind: Object.fromEntries(Object.entries(freeByKind).map(([kind, cell]) => [kind, { solves: cell.total, accuracy: cell.correct / cell.total, callRatio: 0, callRate: 0 }])),
    } as unknown as MethodSummary;
    const row = (report: BenchReport, mode: string, fraction?: number) => report.methods.find((m) => m.mode === mode && (fraction === undefined || m.routerFraction === fraction))!;
    const studentOnly = row(base, "student-only").accuracy!;
    const teacherOnly = row(base, "teacher-only").accuracy!;
    const gap = (m: MethodSummary) => gapRecovered(m.accuracy, studentOnly, teacherOnly);
    const rows: [string, MethodSummary][] = [
        ["Student only (test bed's student)", row(base, "student-only")],
        ["Teacher only", row(base, "teacher-only")],
        ...[0.25, 0.5, 0.75].map((f): [string, MethodSummary] => [`Random router (${f * 100} % to teacher)`, row(base, "router", f)]),
        ["Confidence, top1 default (test bed's student)", row(base, "confidence")],
        ...bestTriggers.map((report, index): [string, MethodSummary] => [`Confidence, ${BEST_TRIGGERS[index]![0]} ${BEST_TRIGGERS[index]![0] === "entropy" ? ">" : "<"} ${BEST_TRIGGERS[index]![1]} (best of the comparison)`, row(report, "confidence")]),
        ["**Trained student, learned relay, no grammar**", row(learned, "relay")],
        ["Trained student, no teacher (its commands unanswered)", row(learned, "student-only")],
        ["Trained student, teacher-free mode (commands blocked)", teacherFree],
    ];
    const header = `| method | accuracy | gap recovered | teacher tokens | ${KINDS.map((k) => `${k}: acc / calls`).join(" | ")} |`;
    const lines = [header, `|${" --- |".repeat(4 + KINDS.length)}`];
    for (const [label, m] of rows) {
        const kinds = KINDS.map((k) => (m.byKind?.[k] ? `${formatPercent(m.byKind[k]!.accuracy, 0)} / ${formatPercent(m.byKind[k]!.callRate, 0)}` : "–"));
        lines.push(`| ${label} | ${formatPercent(m.accuracy)} | ${formatPercent(gap(m), 0)} | ${formatPercent(m.callRatio)} | ${kinds.join(" | ")} |`);
    }
    const table = lines.join("\n") + "\n";
    writeFileSync(join(out, "table.md"), table);
    writeFileSync(join(out, "table.json"), JSON.stringify({ heldOutDataset: trained.heldOutDataset, trainedStudent: trained.model, training: trained.record, rows: rows.map(([label, m]) => ({ ...m, label, gapRecovered: gap(m) })) }, null, 2) + "\n");
    process.stdout.write(table);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
});
