// `npm run testbed:comparison [-- --out DIR]`: the training-free triggers compared on the test bed, from a fresh
// clone (the npm script builds first). Builds (or finds cached) the test bed, serves its teacher on a real
// llama-server (its log in DIR/llama-server.log), then runs `relayllm bench` once for the baselines and the router
// sweep and once per trigger and threshold, all into DIR/bench (student-only and teacher-only solves are stored
// once and reused by every run; a rerun resumes). Each run's summary.json is kept under DIR/runs/; DIR/summary.json,
// DIR/table.md and DIR/pareto.svg put every row together (src/eval/bench/triggerComparison.ts), each confidence
// row with its trigger and threshold and the share of the student–teacher gap it recovers. About 4 minutes on 2 cores.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BenchReport, MethodSummary } from "../src/eval/bench";
import { compareTriggers } from "../src/eval/bench/triggerComparison";
import { comparisonSvg, comparisonTable } from "../src/eval/bench/triggerComparisonReport";
import type { ConfidenceTriggerName } from "../src/relay/confidenceTrigger";
import { startLlamaServer } from "../test/support/llamaServer";
import { projectRoot } from "../test/support/paths";
import { runRelayllm, scriptFlag, SWEEP, TESTBED_BENCH_FLAGS } from "./testbedBench";

const ROUTER_FRACTIONS = "0,0.05,0.1,0.25,0.5,0.75,1";

async function main(): Promise<void> {
    const out = resolve(scriptFlag("--out", join(projectRoot, "bench-out", "testbed-comparison")));
    const cli = join(projectRoot, "dist", "cli.js");
    if (!existsSync(cli)) throw new Error("dist/cli.js is missing: run `npm run build` first");
    mkdirSync(join(out, "runs"), { recursive: true });
    runRelayllm(cli, ["testbed", "build", "--out", join(out, "testbed")]);
    const manifest = JSON.parse(readFileSync(join(out, "testbed", "manifest.json"), "utf8")) as { teacher: string; student: string; dataset: string };
    const server = await startLlamaServer({ modelPath: manifest.teacher, seed: 0, logPath: join(out, "llama-server.log") });
    const common = ["bench", "--dataset", manifest.dataset, "--student", manifest.student, "--teacher-url", server.baseURL, "--teacher-model", "testbed-teacher", "--out", join(out, "bench"), ...TESTBED_BENCH_FLAGS];
    const methods: MethodSummary[] = [];
    /** Keeps one run's summary.json under runs/ and takes its rows: the baselines once, then each confidence row. */
    const collect = (name: string, confidence?: { trigger: ConfidenceTriggerName; threshold: number }) => {
        const file = join(out, "runs", `${name}.json`);
        copyFileSync(join(out, "bench", "summary.json"), file);
        const report = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
        for (const method of report.methods) {
            if (confidence === undefined ? method.mode === "confidence" : method.mode !== "confidence") continue;
            if (confidence && (method.trigger !== confidence.trigger || method.threshold !== confidence.threshold)) {
                throw new Error(`${name}: summary.json says ${method.trigger} ${method.threshold}, the run asked for ${confidence.trigger} ${confidence.threshold}`);
            }
            methods.push(method);
        }
    };
    const started = Date.now();
    try {
        runRelayllm(cli, [...common, "--modes", "student-only,teacher-only,router", "--router-fractions", ROUTER_FRACTIONS]);
        collect("baselines");
        for (const [trigger, thresholds] of Object.entries(SWEEP) as [ConfidenceTriggerName, number[]][]) {
            for (const threshold of thresholds) {
                process.stderr.write(`testbed-comparison: ${trigger} ${threshold} (${Math.round((Date.now() - started) / 1000)} s so far)\n`);
                runRelayllm(cli, [...common, "--modes", "student-only,teacher-only,confidence", "--trigger", trigger, "--trigger-threshold", String(threshold)]);
                collect(`${trigger}-${threshold}`, { trigger, threshold });
            }
        }
    } finally {
        await server.stop();
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const comparison = { command: "npm run testbed:comparison", benchFlags: TESTBED_BENCH_FLAGS.join(" "), routerFractions: ROUTER_FRACTIONS, seconds, ...compareTriggers(methods) };
    writeFileSync(join(out, "summary.json"), JSON.stringify(comparison, null, 2) + "\n");
    const table = [
        "# Test bed: training-free triggers",
        "",
        `\`relayllm bench\` flags: \`${TESTBED_BENCH_FLAGS.join(" ")}\`; ${comparison.methods.length} rows; ${seconds} s.`,
        "",
        comparisonTable(comparison),
    ].join("\n");
    writeFileSync(join(out, "table.md"), table);
    writeFileSync(join(out, "pareto.svg"), comparisonSvg(comparison));
    process.stdout.write(table);
    process.stderr.write(`testbed-comparison: wrote ${join(out, "table.md")}, summary.json and pareto.svg (${seconds} s)\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`testbed-comparison: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});
