// `npm run testbed:comparison [-- --out DIR]`: the training-free triggers compared on the test bed, from a fresh
// clone (after `npm run build`). Builds (or finds cached) the test bed, serves its teacher on a real llama-server,
// then runs `relayllm bench` once for the baselines and the router sweep and once per trigger and threshold, all
// into one out dir (student-only and teacher-only solves are stored once and reused by every run). Each run's
// summary.json is kept under runs/; comparison.json, comparison.md and comparison.svg put every row together,
// each confidence row with its trigger and threshold, with the share of the student–teacher gap it recovers.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { MethodSummary } from "../src/eval/bench/summarize";
import { triggerLabel } from "../src/eval/bench/summarize";
import type { ConfidenceTriggerName } from "../src/relay/confidenceTrigger";
import { startLlamaServer } from "../test/support/llamaServer";
import { projectRoot } from "../test/support/paths";

/** Each trigger's thresholds, from "calls often" to "calls rarely" or the reverse; chosen to span the call ratio. */
const SWEEP: Record<ConfidenceTriggerName, number[]> = {
    top1: [0.5, 0.7, 0.9, 0.99],
    entropy: [0.25, 0.5, 1.0, 1.5],
    margin: [0.2, 0.5, 0.8, 0.98],
    step: [0.25, 0.5, 1.0, 1.5],
    random: [0.005, 0.01, 0.02, 0.05],
};
const ROUTER_FRACTIONS = "0,0.05,0.1,0.25,0.5,0.75,1";
/** Shared bench flags: greedy, answers of 32 tokens, 4 teacher tokens per call, the default cooldown. */
const BENCH_FLAGS = ["--grader", "exact", "--prompt-suffix", "", "--temperature", "0", "--max-tokens", "32", "--confidence-tokens", "4", "--confidence-cooldown", "16", "--threads", "1", "--seed", "0"];

interface Row {
    label: string;
    mode: string;
    trigger?: ConfidenceTriggerName;
    threshold?: number;
    routerFraction?: number;
    accuracy: number | null;
    callRatio: number;
    /** (accuracy − student-only) / (teacher-only − student-only). */
    gapRecovered: number | null;
    teacherOutputTokens: number;
    calls: number;
    costUSD: number;
    byKind?: MethodSummary["byKind"];
}

function run(cli: string, args: string[]): void {
    const result = spawnSync(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`relayllm ${args[0]} failed (${result.status ?? result.signal})`);
}

function flag(name: string, fallback: string): string {
    const index = process.argv.indexOf(name);
    return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1]! : fallback;
}

function percent(value: number | null, digits = 1): string {
    return value === null ? "–" : `${(value * 100).toFixed(digits)} %`;
}

/** The random trigger's gap at `callRatio`, interpolated linearly between its sweep's points (null outside them). */
function randomGapAt(random: readonly Row[], callRatio: number): number | null {
    const points = random.filter((row) => row.gapRecovered !== null).sort((a, b) => a.callRatio - b.callRatio);
    const withOrigin = [{ callRatio: 0, gapRecovered: 0 }, ...points];
    for (let i = 1; i < withOrigin.length; i++) {
        const low = withOrigin[i - 1]!;
        const high = withOrigin[i]!;
        if (callRatio >= low.callRatio && callRatio <= high.callRatio) {
            const t = high.callRatio === low.callRatio ? 1 : (callRatio - low.callRatio) / (high.callRatio - low.callRatio);
            return low.gapRecovered! + t * (high.gapRecovered! - low.gapRecovered!);
        }
    }
    return null;
}

const COLORS: Record<string, string> = { router: "#888888", top1: "#1f77b4", entropy: "#d62728", margin: "#2ca02c", step: "#9467bd", random: "#ff7f0e" };

/** Accuracy against call ratio, one polyline per trigger (and the router), the two baselines as points. */
function paretoSvg(rows: readonly Row[]): string {
    const width = 640;
    const height = 420;
    const left = 60;
    const bottom = 50;
    const plotW = width - left - 160;
    const plotH = height - bottom - 30;
    const x = (ratio: number) => left + Math.sqrt(ratio) * plotW;
    const y = (accuracy: number) => 30 + (1 - accuracy) * plotH;
    const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`, `<rect width="100%" height="100%" fill="white"/>`];
    for (const tick of [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1]) parts.push(`<line x1="${x(tick)}" y1="30" x2="${x(tick)}" y2="${30 + plotH}" stroke="#eee"/><text x="${x(tick)}" y="${height - bottom + 15}" text-anchor="middle">${tick * 100}%</text>`);
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) parts.push(`<line x1="${left}" y1="${y(tick)}" x2="${left + plotW}" y2="${y(tick)}" stroke="#eee"/><text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick * 100}%</text>`);
    parts.push(`<text x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle">call ratio (teacher share of tokens, square-root scale)</text>`);
    parts.push(`<text x="14" y="${30 + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${30 + plotH / 2})">accuracy</text>`);
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
        if (row.accuracy === null) continue;
        const key = row.mode === "router" ? "router" : row.mode === "confidence" ? row.trigger! : row.mode;
        groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    let legend = 40;
    for (const [key, group] of groups) {
        const color = COLORS[key] ?? "#000000";
        const sorted = [...group].sort((a, b) => a.callRatio - b.callRatio);
        if (sorted.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${sorted.map((row) => `${x(row.callRatio).toFixed(1)},${y(row.accuracy!).toFixed(1)}`).join(" ")}"/>`);
        for (const row of sorted) parts.push(`<circle cx="${x(row.callRatio).toFixed(1)}" cy="${y(row.accuracy!).toFixed(1)}" r="3" fill="${color}"><title>${row.label}: ${percent(row.accuracy)} at ${percent(row.callRatio, 2)}</title></circle>`);
        parts.push(`<circle cx="${left + plotW + 20}" cy="${legend - 4}" r="4" fill="${color}"/><text x="${left + plotW + 30}" y="${legend}">${key}</text>`);
        legend += 16;
    }
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}

async function main(): Promise<void> {
    const out = resolve(flag("--out", join(projectRoot, "bench-out", "testbed-comparison")));
    const cli = join(projectRoot, "dist", "cli.js");
    if (!existsSync(cli)) throw new Error("dist/cli.js is missing: run `npm run build` first");
    mkdirSync(join(out, "runs"), { recursive: true });
    run(cli, ["testbed", "build", "--out", join(out, "testbed")]);
    const manifest = JSON.parse(readFileSync(join(out, "testbed", "manifest.json"), "utf8")) as { teacher: string; student: string; dataset: string };
    const server = await startLlamaServer({ modelPath: manifest.teacher, seed: 0 });
    const common = ["bench", "--dataset", manifest.dataset, "--student", manifest.student, "--teacher-url", server.baseURL, "--teacher-model", "testbed-teacher", "--out", join(out, "bench"), ...BENCH_FLAGS];
    const rows: Row[] = [];
    const collect = (name: string, confidence?: { trigger: ConfidenceTriggerName; threshold: number }) => {
        const file = join(out, "runs", `${name}.json`);
        copyFileSync(join(out, "bench", "summary.json"), file);
        const summary = JSON.parse(readFileSync(file, "utf8")) as { methods: MethodSummary[] };
        for (const method of summary.methods) {
            if (confidence === undefined ? method.mode === "confidence" : method.mode !== "confidence") continue;
            const row: Row = {
                label: confidence ? `Confidence calls (${triggerLabel(confidence)})` : method.label,
                mode: method.mode,
                ...(confidence ?? {}),
                ...(method.routerFraction === undefined ? {} : { routerFraction: method.routerFraction }),
                accuracy: method.accuracy,
                callRatio: method.callRatio,
                gapRecovered: null,
                teacherOutputTokens: method.teacherOutputTokens,
                calls: method.calls,
                costUSD: method.costUSD,
                ...(method.byKind ? { byKind: method.byKind } : {}),
            };
            rows.push(row);
        }
    };
    const started = Date.now();
    try {
        run(cli, [...common, "--modes", "student-only,teacher-only,router", "--router-fractions", ROUTER_FRACTIONS]);
        collect("baselines");
        for (const [trigger, thresholds] of Object.entries(SWEEP) as [ConfidenceTriggerName, number[]][]) {
            for (const threshold of thresholds) {
                process.stderr.write(`testbed-comparison: ${trigger} ${threshold}\n`);
                run(cli, [...common, "--modes", "student-only,teacher-only,confidence", "--trigger", trigger, "--trigger-threshold", String(threshold)]);
                collect(`${trigger}-${threshold}`, { trigger, threshold });
            }
        }
    } finally {
        await server.stop();
    }
    const student = rows.find((row) => row.mode === "student-only")!.accuracy!;
    const teacher = rows.find((row) => row.mode === "teacher-only")!.accuracy!;
    for (const row of rows) row.gapRecovered = row.accuracy === null || teacher === student ? null : (row.accuracy - student) / (teacher - student);
    const random = rows.filter((row) => row.trigger === "random");
    const targets = rows
        .filter((row) => row.mode === "confidence" && row.trigger !== "random")
        .map((row) => ({ label: row.label, callRatio: row.callRatio, gapRecovered: row.gapRecovered, randomGapAtSameRatio: randomGapAt(random, row.callRatio) }));
    const best = targets.filter((row) => row.callRatio <= 0.05 && row.gapRecovered !== null).sort((a, b) => b.gapRecovered! - a.gapRecovered!)[0] ?? null;
    const comparison = { settings: BENCH_FLAGS.join(" "), routerFractions: ROUTER_FRACTIONS, seconds: Math.round((Date.now() - started) / 1000), studentOnly: student, teacherOnly: teacher, methods: rows, targets, bestWithin5Percent: best };
    writeFileSync(join(out, "comparison.json"), JSON.stringify(comparison, null, 2) + "\n");
    const kinds = ["student-solvable", "teacher-dependent", "teacher-unsolvable"];
    const lines = [
        "# Test bed: training-free triggers",
        "",
        `Bench flags: \`${BENCH_FLAGS.join(" ")}\`; ${rows.length} rows; ${comparison.seconds} s.`,
        "",
        `| Method | Trigger | Threshold | Accuracy | Call ratio | Gap recovered | Random trigger's gap at that ratio | ${kinds.join(" | ")} | Calls |`,
        `| --- | --- | ---: | ---: | ---: | ---: | ---: | ${kinds.map(() => "---:").join(" | ")} | ---: |`,
        ...rows.map((row) => {
            const randomGap = row.mode === "confidence" && row.trigger !== "random" ? randomGapAt(random, row.callRatio) : undefined;
            return `| ${row.label} | ${row.trigger ?? ""} | ${row.threshold ?? ""} | ${percent(row.accuracy)} | ${percent(row.callRatio, 2)} | ${percent(row.gapRecovered)} | ${randomGap === undefined ? "" : percent(randomGap)} | ${kinds
                .map((kind) => (row.byKind?.[kind] ? `${percent(row.byKind[kind].accuracy)} (${percent(row.byKind[kind].callRatio)})` : "–"))
                .join(" | ")} | ${row.calls} |`;
        }),
        "",
        "Gap recovered = (accuracy − student-only) / (teacher-only − student-only). Per kind: accuracy (call ratio). " +
            "The random trigger's gap at a ratio is interpolated linearly between its sweep's points (– outside them).",
        "",
        best
            ? `Best trigger within 5 % of tokens from the teacher: ${best.label}, ${percent(best.gapRecovered)} of the gap at ${percent(best.callRatio, 2)}; the random trigger at that ratio: ${percent(best.randomGapAtSameRatio)}.`
            : "No trigger row stays within 5 % of tokens from the teacher.",
    ];
    writeFileSync(join(out, "comparison.md"), lines.join("\n") + "\n");
    writeFileSync(join(out, "comparison.svg"), paretoSvg(rows));
    process.stdout.write(lines.join("\n") + "\n");
    process.stderr.write(`testbed-comparison: wrote ${join(out, "comparison.md")}, comparison.json and comparison.svg\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`testbed-comparison: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});
