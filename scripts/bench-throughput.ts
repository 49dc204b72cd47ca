// `npm run bench:throughput` — a benchmark, not a test (the machines are noisy; it prints ratios measured in
// one run). The student's throughput with C solves in flight, as `relayllm bench --concurrency C` runs them:
// the bench harness (runBench) over the student in its worker process, whose one context holds C sequences
// decoded in one batch. The same 32 solves (same seeds; greedy, so the same tokens unless batching moves a
// floating-point near-tie) at C = 1, 2, 4, 8, relay off (student-only) and on (a grammar makes every solve
// call the real llama-server teacher twice, so a solve waits for the teacher while the others decode). For
// comparison, relay off at C = 8 also runs with one context per solve (as the student ran before batching:
// contexts decode independently, on both cores).
// Also printed: the CPU time of the student's worker process and of this process (the engine) per second of
// wall time, which says where the time goes. BENCH_TOKENS (256), BENCH_ROUNDS (3) and BENCH_THREADS (1) change
// the answer length, the rounds whose medians are printed, and the student's threads.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planBench, ResultsStore, runBench, type BenchItem, type BenchMode, type BenchRecord } from "../src/eval/bench";
import type { Teacher } from "../src/relay";
import { loadWorkerStudent } from "../src/student";
import { OpenAiTeacher } from "../src/teacher";
import { startLlamaServer } from "../test/support/llamaServer";
import { requireSharedModels, studentModelPath, studentWorkerPath } from "../test/support/paths";

/** One row: C solves in flight over a student context of `sequences` sequences (past them, a context per solve). */
interface Layout {
    label: string;
    concurrency: number;
    sequences: number;
}
const LEVELS: Layout[] = [1, 2, 4, 8].map((c) => ({ label: String(c), concurrency: c, sequences: c }));
// For comparison: one context per solve, decoding independently (as the student ran before batching).
const COMPARISONS: Layout[] = [{ label: "8, a context each", concurrency: 8, sequences: 1 }];
const TOKENS = Number(process.env.BENCH_TOKENS ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const SUBJECTS = ["a little dog", "a big red ball", "a happy frog", "a small bird", "a kind girl", "a brave boy", "a tiny fish", "an old man", "a shiny car", "a big tree", "a little bunny", "a sad bear", "a pretty flower", "a friendly duck", "a funny clown", "a little cat"];
const PLACES = ["", " in the park"];
// 32 different solves: with C in flight, the last few solves of a run decode with fewer beside them.
const ITEMS: BenchItem[] = PLACES.flatMap((place) => SUBJECTS.map((what) => `Once upon a time, there was ${what}${place}.`)).map((problem, index) => ({ id: `story-${index}`, problem, answer: "x" }));
// Two calls at known places: a relay-trained student would write them itself.
const GRAMMAR = 'root ::= [a-z ]{20,30} "<call>16</call>" [a-z ]{20,30} "<call>16</call>" [a-z .]{20,60}';

interface Measure {
    seconds: number;
    studentTokens: number;
    teacherCalls: number;
    texts: Map<string, string>;
    /** CPU seconds per wall second: the student's worker process, and this process (the engine, the harness). */
    workerCpu: number;
    engineCpu: number;
}

/** utime + stime of a process in seconds (Linux /proc), or NaN elsewhere. */
function processCpuSeconds(pid: number | undefined): number {
    try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return Number.NaN;
    }
}

async function measure(mode: BenchMode, { concurrency, sequences }: Layout, teacher: Teacher | undefined): Promise<Measure> {
    const student = await loadWorkerStudent({ model: studentModelPath, threads: THREADS, gpu: false, sequences, workerPath: studentWorkerPath });
    const dir = mkdtempSync(join(tmpdir(), "bench-throughput-"));
    try {
        const plan = planBench({ items: ITEMS, modes: [mode], repeats: 1, routerFractions: [], seed: 0, promptSuffix: "", configOf: () => "throughput" });
        const store = ResultsStore.open(join(dir, "results.jsonl"));
        const relayOptions = { maxTokens: TOKENS, temperature: 0, teacherTemperature: 0, ...(mode === "relay" ? { grammar: GRAMMAR, maxCalls: 2 } : {}) };
        const [workerBefore, engineBefore] = [processCpuSeconds(student.pid), process.cpuUsage()];
        const started = performance.now();
        await runBench({ plan, store, student, teacher, relayOptions, seed: 0, concurrency, grader: "exact" });
        const seconds = (performance.now() - started) / 1000;
        const engine = process.cpuUsage(engineBefore);
        const records = plan.tasks.map((task) => store.get(task.key)).filter((record): record is BenchRecord => record !== undefined);
        return {
            seconds,
            studentTokens: records.reduce((sum, record) => sum + record.usage.studentTokens, 0),
            teacherCalls: records.reduce((sum, record) => sum + record.usage.calls, 0),
            texts: new Map(records.map((record) => [record.id, record.text])),
            workerCpu: (processCpuSeconds(student.pid) - workerBefore) / seconds,
            engineCpu: (engine.user + engine.system) / 1e6 / seconds,
        };
    } finally {
        await student.dispose();
        rmSync(dir, { recursive: true, force: true });
    }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function table(mode: BenchMode, title: string, teacher: Teacher | undefined, layouts: Layout[]): Promise<void> {
    await measure(mode, LEVELS[0]!, teacher); // warm-up: file cache, the teacher's first request
    const runs = new Map<Layout, Measure[]>(layouts.map((layout) => [layout, []]));
    for (let round = 0; round < ROUNDS; round++) {
        // Alternating order, so that a slow spell of the machine does not land on one row only.
        for (const layout of round % 2 === 0 ? layouts : [...layouts].reverse()) runs.get(layout)!.push(await measure(mode, layout, teacher));
    }
    const speed = (run: Measure) => run.studentTokens / run.seconds;
    const base = median(runs.get(LEVELS[0]!)!.map(speed));
    const reference = runs.get(LEVELS[0]!)![0]!.texts;
    console.log(`\n${title}`);
    console.log("   C                   student tok/s   x C=1   teacher calls   same tokens as C=1   worker CPU/wall   engine CPU/wall");
    for (const layout of layouts) {
        const all = runs.get(layout)!;
        const tokensPerSecond = median(all.map(speed));
        const same = all.map((run) => ITEMS.filter((item) => run.texts.get(item.id) === reference.get(item.id)).length);
        const cpu = (pick: (run: Measure) => number) => `${(median(all.map(pick)) * 100).toFixed(0)} %`;
        console.log(
            `   ${layout.label.padEnd(19)} ${tokensPerSecond.toFixed(0).padStart(13)}   ${(tokensPerSecond / base).toFixed(2).padStart(4)}x   ${String(all[0]!.teacherCalls).padStart(13)}   ` +
                `${`${Math.min(...same)}/${ITEMS.length}`.padStart(18)}   ${cpu((run) => run.workerCpu).padStart(15)}   ${cpu((run) => run.engineCpu).padStart(15)}`,
        );
    }
}

async function main(): Promise<void> {
    requireSharedModels();
    console.log(`bench:throughput: ${ITEMS.length} solves of up to ${TOKENS} tokens, greedy, the student on ${THREADS} thread${THREADS === 1 ? "" : "s"} per context; medians of ${ROUNDS} rounds in alternating order`);
    await table("student-only", "relay off (student-only); C solves in flight, one context of C sequences unless said:", undefined, [...LEVELS, ...COMPARISONS]);
    // One slot per solve in flight, each with the test teacher's 512-token context.
    const server = await startLlamaServer({ contextSize: 512 * 8, extraArgs: ["--parallel", "8"] });
    try {
        const teacher = new OpenAiTeacher({ baseURL: server.baseURL, model: "tinystories", extraBody: { ignore_eos: true } });
        await table("relay", "relay on (a grammar makes each solve call the llama-server teacher twice, 16 tokens each):", teacher, LEVELS);
    } finally {
        await server.stop();
    }
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(`bench-throughput: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    },
);
