// `npm run testbed:paper [-- --out DIR] [-- --seeds N]`: the paper's tables in miniature, on the test bed's
// held-out TEST characters (never trained or tuned on). Builds (or finds cached) the test bed, trains every row's
// student (`trainStudent`, each cached by a hash of its inputs, so an interrupted run resumes where it stopped),
// serves the teacher on a real llama-server and answers every test item in this process through the relay engine
// (greedy student and teacher, 32 tokens, the `relay` protocol). Writes DIR/paper.md, DIR/paper.json and
// DIR/pareto.svg. Not part of `npm test` (about an hour on 2 cores when nothing is cached).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gapRecovered } from "../src/eval/bench/triggerComparison";
import { gradeExact } from "../src/eval/grader/exactMatch";
import { formatPercent } from "../src/format/usageFormat";
import { OpenAiTeacher } from "../src/teacher";
import { solve, type RelayMode, type ConfidenceTriggerName } from "../src/relay";
import { loadLlamaStudent, type LlamaStudent } from "../src/student";
import { buildTestbed, readTestbedDataset, startTeacherServer, type TestbedQuestion } from "../src/testbed";
import type { GrpoOptions } from "../src/train/grpoJob";
import { trainStudent, type StudentTrainingOptions, type TrainedStudent } from "../src/train/studentTraining";
import { projectRoot, studentModelPath } from "../test/support/paths";
import { scriptFlag, SWEEP } from "./testbedBench";

const KINDS = ["student-solvable", "teacher-dependent", "teacher-unsolvable"] as const;
const GAPS = ["skill", "knowledge"] as const;

/** One trained row: its options beyond the defaults. */
interface Variant {
    key: string;
    label: string;
    grpo?: Partial<GrpoOptions>;
    seed?: number;
}

/** How one way of answering did on the test items. */
interface Row {
    label: string;
    accuracy: number;
    /** Mean over items of teacher tokens / all tokens of the answer. */
    teacherShare: number;
    /** Share of items with at least one executed call, per kind and per gap. */
    callRate: Record<string, number>;
    accuracyBy: Record<string, number>;
    seeds?: number;
    range?: { accuracy: [number, number]; teacherShare: [number, number] };
}

interface Answered {
    item: TestbedQuestion;
    correct: boolean;
    called: boolean;
    share: number;
}

function summarize(label: string, answers: readonly Answered[]): Row {
    const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
    const groups: Record<string, Answered[]> = {};
    for (const a of answers) {
        (groups[a.item.kind] ??= []).push(a);
        if (a.item.gap) (groups[`${a.item.gap} gap`] ??= []).push(a);
    }
    return {
        label,
        accuracy: mean(answers.map((a) => (a.correct ? 1 : 0))),
        teacherShare: mean(answers.map((a) => a.share)),
        callRate: Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, mean(g.map((a) => (a.called ? 1 : 0)))])),
        accuracyBy: Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, mean(g.map((a) => (a.correct ? 1 : 0)))])),
    };
}

/** The mean of several seeds' rows, with the range of accuracy and teacher share. */
function meanOf(label: string, rows: readonly Row[]): Row {
    const avg = (pick: (r: Row) => number) => rows.reduce((sum, r) => sum + pick(r), 0) / rows.length;
    const range = (pick: (r: Row) => number): [number, number] => [Math.min(...rows.map(pick)), Math.max(...rows.map(pick))];
    const keys = Object.keys(rows[0]!.callRate);
    return {
        label, accuracy: avg((r) => r.accuracy), teacherShare: avg((r) => r.teacherShare),
        callRate: Object.fromEntries(keys.map((k) => [k, avg((r) => r.callRate[k] ?? 0)])),
        accuracyBy: Object.fromEntries(keys.map((k) => [k, avg((r) => r.accuracyBy[k] ?? 0)])),
        seeds: rows.length, range: { accuracy: range((r) => r.accuracy), teacherShare: range((r) => r.teacherShare) },
    };
}

async function answerAll(student: LlamaStudent, teacher: OpenAiTeacher | undefined, items: readonly TestbedQuestion[], mode: RelayMode, extra: { fixedCallTokens?: number; trigger?: ConfidenceTriggerName; threshold?: number } = {}): Promise<Answered[]> {
    const out: Answered[] = [];
    for (const item of items) {
        const result = await solve({
            student, teacher, userPrompt: item.prompt, mode, temperature: 0, teacherTemperature: 0, maxTokens: 32, seed: 0,
            fixedCallTokens: extra.fixedCallTokens,
            confidence: extra.trigger ? { trigger: extra.trigger, threshold: extra.threshold, callTokens: 4, cooldownTokens: 16 } : undefined,
        });
        const executed = result.calls.filter((call) => call.granted > 0 && call.finishReason !== "error");
        out.push({ item, correct: gradeExact(item.answer, result.text).equal, called: executed.length > 0, share: result.usage.callRatio });
    }
    return out;
}

function tableOf(rows: readonly Row[], student: number, teacher: number, columns: readonly string[]): string {
    const head = `| method | accuracy | gap recovered | teacher tokens | ${columns.map((c) => `${c}: acc / calls`).join(" | ")} |`;
    const lines = [head, `|${" --- |".repeat(4 + columns.length)}`];
    for (const r of rows) {
        const acc = r.range ? `${formatPercent(r.accuracy)} (${formatPercent(r.range.accuracy[0])}–${formatPercent(r.range.accuracy[1])})` : formatPercent(r.accuracy);
        const share = r.range ? `${formatPercent(r.teacherShare)} (${formatPercent(r.range.teacherShare[0])}–${formatPercent(r.range.teacherShare[1])})` : formatPercent(r.teacherShare);
        const cells = columns.map((c) => (r.accuracyBy[c] === undefined ? "–" : `${formatPercent(r.accuracyBy[c]!, 0)} / ${formatPercent(r.callRate[c] ?? 0, 0)}`));
        lines.push(`| ${r.label} | ${acc} | ${formatPercent(gapRecovered(r.accuracy, student, teacher), 0)} | ${share} | ${cells.join(" | ")} |`);
    }
    return lines.join("\n");
}

/** Accuracy against teacher share: every row a point, the training-free triggers a dotted curve, the random router the diagonal. */
function paretoSvg(points: readonly { label: string; x: number; y: number; kind: "trained" | "baseline" | "trigger" }[], student: number, teacher: number): string {
    const W = 720, H = 440, L = 60, R = 260, T = 30, B = 50;
    const xMax = Math.max(0.3, ...points.map((p) => p.x)) * 1.05;
    const sx = (x: number) => L + (x / xMax) * (W - L - R);
    const sy = (y: number) => H - B - y * (H - T - B);
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${L}" y="18" font-size="13">Test bed, held-out test characters: accuracy against teacher tokens</text>`];
    for (let i = 0; i <= 5; i++) {
        const y = i / 5;
        parts.push(`<line x1="${L}" x2="${W - R}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/><text x="${L - 6}" y="${sy(y) + 4}" text-anchor="end">${(y * 100).toFixed(0)} %</text>`);
    }
    for (let i = 0; i <= 5; i++) {
        const x = (xMax * i) / 5;
        parts.push(`<text x="${sx(x)}" y="${H - B + 16}" text-anchor="middle">${(x * 100).toFixed(0)} %</text>`);
    }
    parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">teacher tokens (share of the answer)</text>`);
    // The random router: student accuracy plus a share p of the gap, at teacher share p.
    parts.push(`<line x1="${sx(0)}" y1="${sy(student)}" x2="${sx(Math.min(1, xMax))}" y2="${sy(student + Math.min(1, xMax) * (teacher - student))}" stroke="#999" stroke-dasharray="4 3"/>`);
    const triggers = points.filter((p) => p.kind === "trigger").sort((a, b) => a.x - b.x);
    if (triggers.length > 1) parts.push(`<polyline fill="none" stroke="#4a7" stroke-dasharray="2 2" points="${triggers.map((p) => `${sx(p.x)},${sy(p.y)}`).join(" ")}"/>`);
    const colour = { trained: "#c33", baseline: "#333", trigger: "#4a7" };
    let legendY = T + 10;
    for (const p of points) {
        parts.push(`<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="${p.kind === "trigger" ? 3 : 5}" fill="${colour[p.kind]}"/>`);
        if (p.kind !== "trigger") {
            parts.push(`<text x="${W - R + 12}" y="${legendY}" fill="${colour[p.kind]}">${esc(p.label)} (${(p.x * 100).toFixed(1)} %, ${(p.y * 100).toFixed(1)} %)</text>`);
            legendY += 15;
        }
    }
    parts.push(`<text x="${W - R + 12}" y="${legendY + 6}" fill="#4a7">dotted: training-free triggers</text><text x="${W - R + 12}" y="${legendY + 21}" fill="#999">dashed: random router</text>`);
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}

async function main(): Promise<void> {
    const started = performance.now();
    const out = resolve(scriptFlag("--out", join(projectRoot, "bench-out", "paper")));
    const seeds = Number(scriptFlag("--seeds", "3"));
    mkdirSync(out, { recursive: true });
    const log = (line: string) => process.stderr.write(line + "\n");
    const build = await buildTestbed({ base: studentModelPath, log });
    const manifestPath = join(build.dir, "manifest.json");
    const relaySeeds: Variant[] = Array.from({ length: seeds }, (_, seed) => ({ key: `relay-${seed}`, label: `relay student, seed ${seed}`, seed }));
    const variants: Variant[] = [
        ...relaySeeds,
        { key: "simple", label: "Relay student, simple reward (1 seed)", grpo: { reward: "simple" } },
        { key: "no-calls", label: "GRPO without calls (1 seed)", grpo: { calls: false } },
        { key: "no-filter", label: "w/o data filter (1 seed)", grpo: { filter: "none" } },
        { key: "no-independence", label: "w/o independence incentive (1 seed)", grpo: { independence: false } },
        { key: "no-exploration", label: "w/o exploration reward (1 seed)", grpo: { exploration: false } },
    ];
    // Two trainings at a time: each is one Python process on one core (its llama-server is mostly idle).
    const trained: Record<string, TrainedStudent> = {};
    const queue = [...variants];
    const worker = async () => {
        for (let v = queue.shift(); v; v = queue.shift()) {
            log(`paper: training ${v.key}...`);
            const options: StudentTrainingOptions = { manifestPath, log: (line) => log(`[${v!.key}] ${line}`), seed: v.seed ?? 0, grpo: v.grpo };
            trained[v.key] = await trainStudent(options);
            log(`paper: ${v.key} ${trained[v.key]!.cached ? "cached" : `trained in ${trained[v.key]!.record.seconds} s`}`);
        }
    };
    await Promise.all([worker(), worker()]);
    const items = readTestbedDataset(trained["relay-0"]!.heldOutDataset);
    const server = await startTeacherServer({ model: build.manifest.teacher });
    const teacher = new OpenAiTeacher({ baseURL: server.baseURL, model: "teacher", maxRetries: 1 });
    const withStudent = async <T>(model: string, run: (s: LlamaStudent) => Promise<T>): Promise<T> => {
        const student = await loadLlamaStudent({ model, threads: 1, gpu: false, contextSize: 256 });
        try {
            return await run(student);
        } finally {
            await student.dispose();
        }
    };
    const answers: Record<string, Answered[]> = {};
    const triggerRows: Row[] = [];
    try {
        log("paper: the test bed's student and the teacher alone, and the training-free triggers...");
        await withStudent(build.manifest.student, async (s) => {
            answers["student-only"] = await answerAll(s, undefined, items, "teacher-free");
            answers["teacher-only"] = await answerAll(s, teacher, items, "teacher-only");
            // The comparison's sweep (testbed-comparison.ts) but the random trigger, which the router rows stand for.
            for (const [trigger, thresholds] of Object.entries(SWEEP) as [ConfidenceTriggerName, number[]][]) {
                if (trigger === "random") continue;
                for (const threshold of thresholds) {
                    const sign = trigger === "entropy" || trigger === "step" ? ">" : "<";
                    triggerRows.push(summarize(`confidence, ${trigger === "step" ? "step entropy" : trigger} ${sign} ${threshold}`, await answerAll(s, teacher, items, "confidence", { trigger, threshold })));
                }
            }
        });
        for (const v of variants) {
            log(`paper: answering with ${v.key}...`);
            await withStudent(trained[v.key]!.model, async (s) => {
                answers[v.key] = await answerAll(s, v.grpo?.calls === false ? undefined : teacher, items, v.grpo?.calls === false ? "teacher-free" : "learned");
                answers[`${v.key}/teacher-free`] = await answerAll(s, undefined, items, "teacher-free");
                if (v.key === "relay-0") {
                    for (const n of [1, 2, 4, 8]) answers[`relay-0/fixed-${n}`] = await answerAll(s, teacher, items, "learned", { fixedCallTokens: n });
                }
            });
        }
    } finally {
        await server.stop();
    }

    const studentRow = summarize("Student only (test bed's student)", answers["student-only"]!);
    const teacherRow = summarize("Teacher only", answers["teacher-only"]!);
    const s = studentRow.accuracy;
    const t = teacherRow.accuracy;
    const relay = meanOf(`**Relay student, difficulty-aware reward** (mean of ${seeds} seeds, range)`, relaySeeds.map((v) => summarize(v.label, answers[v.key]!)));
    const router = { ...studentRow, label: `Random router at the relay student's teacher share (${formatPercent(relay.teacherShare)}; arithmetic)`, accuracy: s + relay.teacherShare * (t - s), teacherShare: relay.teacherShare, callRate: {}, accuracyBy: {} };
    const atShare = triggerRows.filter((r) => r.teacherShare <= relay.teacherShare);
    const bestAtShare = atShare.length ? atShare.reduce((a, b) => (b.accuracy > a.accuracy ? b : a)) : null;
    const bestAny = triggerRows.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
    const row = (key: string, label: string) => summarize(label, answers[key]!);
    const columns = [...KINDS, ...GAPS.map((g) => `${g} gap`)];
    const table1 = tableOf([
        studentRow, teacherRow, router,
        ...(bestAtShare ? [{ ...bestAtShare, label: `Best training-free trigger within the relay student's teacher share: ${bestAtShare.label}` }] : []),
        { ...bestAny, label: `Best training-free trigger at any share: ${bestAny.label}` },
        row("no-calls", "GRPO without calls (1 seed)"),
        relay,
        row("simple", "Relay student, simple reward (1 seed)"),
    ], s, t, columns);
    const table3 = tableOf([relay, row("no-filter", "w/o data filter (1 seed)"), row("no-independence", "w/o independence incentive (1 seed)"), row("no-exploration", "w/o exploration reward (1 seed)")], s, t, columns);
    const table4 = tableOf([
        studentRow,
        meanOf(`Relay student, teacher-free (mean of ${seeds} seeds, range)`, relaySeeds.map((v) => summarize(v.label, answers[`${v.key}/teacher-free`]!))),
        ...["simple", "no-calls", "no-filter", "no-independence", "no-exploration"].map((k) => row(`${k}/teacher-free`, `${variants.find((v) => v.key === k)!.label.replace(" (1 seed)", "")}, teacher-free (1 seed)`)),
    ], s, t, columns);
    const table5 = tableOf([row("relay-0", "Relay student seed 0, learned n"), ...[1, 2, 4, 8].map((n) => row(`relay-0/fixed-${n}`, `Relay student seed 0, every call n = ${n}`))], s, t, columns);
    const triggerTable = tableOf(triggerRows, s, t, columns);
    // In the variants' order, not the order the two parallel trainings finished in.
    const trainingSeconds = Object.fromEntries(variants.map((v) => [v.key, trained[v.key]!.record.seconds]));
    const filters = Object.fromEntries(variants.map((v) => [v.key, trained[v.key]!.record.grpo?.filter ?? null]));
    const md = [
        `Test bed ${build.record.hash}: ${items.length} test items (${KINDS.map((k) => `${items.filter((i) => i.kind === k).length} ${k}`).join(", ")}; skill gap ${items.filter((i) => i.gap === "skill").length}, knowledge gap ${items.filter((i) => i.gap === "knowledge").length}). Greedy student and teacher, 32 tokens.`,
        "", "### Table 1: methods", "", table1,
        "", "### Table 3: ablations", "", table3,
        "", "### Table 4: teacher-free accuracy", "", table4,
        "", "### Table 5: fixed call lengths against the learned n", "", table5,
        "", "### Training-free triggers (the test bed's student)", "", triggerTable,
        "", `Filter (teacher pass rate, 16 samples): ${Object.entries(filters).map(([k, f]) => `${k} ${f ? `${f.band}: kept ${f.kept}/${f.items}` : "–"}`).join("; ")}.`,
        `Training seconds per row (2 cores; cached rows keep their first time): ${Object.entries(trainingSeconds).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
        `Whole script: ${Math.round((performance.now() - started) / 1000)} s.`,
    ].join("\n") + "\n";
    writeFileSync(join(out, "paper.md"), md);
    writeFileSync(join(out, "paper.json"), JSON.stringify({ testbed: build.record.hash, items: items.length, studentOnly: s, teacherOnly: t, relay, triggers: triggerRows, answers: Object.fromEntries(Object.entries(answers).map(([k, list]) => [k, list.map((a) => ({ id: a.item.id, correct: a.correct, called: a.called, share: a.share }))])), trainingSeconds, filters }, null, 1) + "\n");
    const points = [
        { label: "student only", x: 0, y: s, kind: "baseline" as const },
        { label: "teacher only", x: teacherRow.teacherShare, y: t, kind: "baseline" as const },
        ...triggerRows.map((r) => ({ label: r.label, x: r.teacherShare, y: r.accuracy, kind: "trigger" as const })),
        { label: `relay student (mean of ${seeds})`, x: relay.teacherShare, y: relay.accuracy, kind: "trained" as const },
        ...["simple", "no-filter", "no-independence", "no-exploration"].map((k) => ({ label: k, x: summarize(k, answers[k]!).teacherShare, y: summarize(k, answers[k]!).accuracy, kind: "trained" as const })),
    ];
    writeFileSync(join(out, "pareto.svg"), paretoSvg(points, s, t));
    process.stdout.write(md);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
});
