/**
 * The paper in miniature (docs/training.md, "A student trained here to call"): on the test bed, a supervised
 * warm-up on the student's own sampled text with random `<call>n</call>` inserted, then the RL stage:
 * - `grpo` (default): the teacher pass-rate filter on the training items, then GRPO with relay rollouts sampled
 *   from the current weights and the difficulty-aware reward (grpoJob.ts, training/relaygrpo);
 * - `expert-iteration` (for comparison, the earlier stand-in): rounds of K relay rollouts per problem, scored
 *   by `difficultyReward`, fine-tuning on those above their group's mean (rejection sampling, no negative signal).
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadLlamaStudent } from "../student";
import { OpenAiTeacher } from "../teacher";
import {
    freshWorkDir, pythonEnvironment, readTestbedDataset, readTestbedManifest, relayCacheRoot, testbedDatasetLines, runPythonJob, splitTestbed, startTeacherServer, trainingDir,
    writeTestbedManifest,
} from "../testbed";
import { roundSummary, sampleRollouts, selectBest, type Rollout, type RoundStats } from "./expertIteration";
import { filterTrainingItems, GRPO_DEFAULTS, grpoJob, type FilterSummary, type GrpoOptions } from "./grpoJob";
import type { IntDistribution } from "./insertCalls";
import { firstSentence, promptTokens, tokenizeSegments, type SftExample } from "./sftExamples";
import { sampleWarmup } from "./warmupData";
import type { TestbedQuestion } from "../testbed";

/** Options of {@link trainStudent}; every field but `manifestPath` has a default ({@link STUDENT_TRAINING_DEFAULTS}). */
export interface StudentTrainingOptions {
    /** The test bed's manifest.json; its `trainedStudent` is filled in. */
    manifestPath: string;
    /** Warm-up: answers sampled per training problem, their length, commands per answer, their n, SFT steps. */
    warmup?: { samples: number; maxTokens: number; commands: IntDistribution; callTokens: IntDistribution; steps: number; boundaries: "token" | "word" };
    /** The RL stage after the warm-up: GRPO (default) or expert iteration. */
    algorithm?: TrainingAlgorithm;
    /** GRPO's options (the GRPO stage only). */
    grpo?: Partial<GrpoOptions>;
    /** Expert-iteration rounds after the warm-up. */
    rounds?: number;
    /** Relay rollouts per training problem and round (the K of a GRPO group). */
    samples?: number;
    /** Most tokens of one rollout (student and teacher). */
    rolloutTokens?: number;
    /** Student sampling temperature in rollouts (the reference's rollouts: 1.0). */
    temperature?: number;
    /** SFT steps per round. */
    roundSteps?: number;
    /** Best rollouts kept per problem (distinct texts). */
    keepPerProblem?: number;
    lr?: number;
    seed?: number;
    threads?: number;
    /** A server already serving the test bed's teacher; default: llama-server started on loopback. */
    teacherUrl?: string;
    /** The llama-server binary (default RELAYLLM_LLAMA_SERVER, else the cached build). */
    llamaServer?: string;
    cacheRoot?: string;
    python?: string;
    log?: (line: string) => void;
}

export const TRAINING_ALGORITHMS = ["grpo", "expert-iteration"] as const;
export type TrainingAlgorithm = (typeof TRAINING_ALGORITHMS)[number];

export const STUDENT_TRAINING_DEFAULTS = {
    algorithm: "grpo" as TrainingAlgorithm,
    warmup: { samples: 4, maxTokens: 6, commands: { kind: "uniform", min: 0, max: 2 } as IntDistribution, callTokens: { kind: "uniform", min: 1, max: 6 } as IntDistribution, steps: 400, boundaries: "word" as const },
    rounds: 6,
    samples: 12,
    rolloutTokens: 32,
    temperature: 1.0,
    roundSteps: 60,
    keepPerProblem: 2,
    lr: 5e-4,
    seed: 0,
    threads: 1,
};

/** `record.json` of a trained student's cache folder. */
export interface StudentTrainingRecord {
    hash: string;
    testbed: { student: string; teacher: string; dataset: string };
    options: Omit<Required<StudentTrainingOptions>, "manifestPath" | "teacherUrl" | "llamaServer" | "cacheRoot" | "python" | "log">;
    trainItems: number;
    /** The test split's items (never trained on; the tables' items). */
    heldOutItems: number;
    validationItems: number;
    warmup: { examples: number; commands: number; metrics: unknown };
    /** Expert iteration's rounds (empty under GRPO). */
    rounds: (RoundStats & { metrics: unknown })[];
    /** GRPO's filter and per-step metrics (null under expert iteration). */
    grpo: { filter: FilterSummary; metrics: unknown } | null;
    seconds: number;
}

export interface TrainedStudent {
    /** The cache folder. */
    dir: string;
    /** The trained GGUF (`relayllm.trained = true`). */
    model: string;
    /** The held-out items as bench JSONL (`id`, `problem`, `answer`, `kind`): bench the trained student on these. */
    heldOutDataset: string;
    /** The validation split (never trained on; for choosing hyper-parameters). */
    validationDataset: string;
    trainDataset: string;
    record: StudentTrainingRecord;
    cached: boolean;
}

const FORMAT = 2;
const HASH_CHARS = 16;
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function pythonCodeHash(): string {
    const parts: string[] = [];
    for (const pkg of ["relaytrain", "relaystudent", "relaygrpo"]) {
        const dir = join(trainingDir(), pkg);
        for (const name of readdirSync(dir).filter((file) => file.endsWith(".py")).sort()) parts.push(`${pkg}/${name}\0${sha256(readFileSync(join(dir, name)))}`);
    }
    return sha256(parts.join("\n"));
}

function resolved(options: StudentTrainingOptions) {
    const d = STUDENT_TRAINING_DEFAULTS;
    return {
        algorithm: options.algorithm ?? d.algorithm,
        grpo: { ...GRPO_DEFAULTS, ...options.grpo },
        warmup: options.warmup ?? d.warmup,
        rounds: options.rounds ?? d.rounds,
        samples: options.samples ?? d.samples,
        rolloutTokens: options.rolloutTokens ?? d.rolloutTokens,
        temperature: options.temperature ?? d.temperature,
        roundSteps: options.roundSteps ?? d.roundSteps,
        keepPerProblem: options.keepPerProblem ?? d.keepPerProblem,
        lr: options.lr ?? d.lr,
        seed: options.seed ?? d.seed,
        threads: options.threads ?? d.threads,
    };
}

/** The SFT job around some examples: relaytrain's optimizer and fluency replay, anchored to the test bed's student. */
function sftJob(base: string, anchor: string, out: string, metrics: string, examples: SftExample[], steps: number, o: ReturnType<typeof resolved>, seed: number) {
    return {
        base, anchor, out, metrics, seed, threads: o.threads, steps, lr: o.lr, warmupSteps: Math.min(10, Math.max(1, Math.floor(steps / 5))), batchSize: 16, clip: 1.0,
        replay: { stories: 32, heldOut: 8, length: 64, batchSize: 8, klWeight: 1.0 },
        examples, probes: [], metadata: { "relayllm.trained": true },
    };
}

/**
 * Trains the test bed's student to call (or finds it trained): warm-up, then `rounds` of expert iteration on the
 * training split only. Cached in `<cacheRoot>/trained-student-<hash>` by a hash of every input (both models'
 * bytes, the data set, the options, the Python code); fills `trainedStudent` in the manifest.
 */
export async function trainStudent(options: StudentTrainingOptions): Promise<TrainedStudent> {
    const started = performance.now();
    const log = options.log ?? (() => {});
    const o = resolved(options);
    const manifestPath = resolve(options.manifestPath);
    const manifest = readTestbedManifest(manifestPath);
    const items = readTestbedDataset(manifest.dataset);
    const split = splitTestbed(items);
    const lines = { train: testbedDatasetLines(split.train), heldOut: testbedDatasetLines(split.test), validation: testbedDatasetLines(split.validation) };
    const cacheRoot = options.cacheRoot ?? relayCacheRoot();
    const hash = sha256(JSON.stringify({
        format: FORMAT, student: sha256(readFileSync(manifest.student)), teacher: sha256(readFileSync(manifest.teacher)),
        train: lines.train, heldOut: lines.heldOut, validation: lines.validation, options: o, code: pythonCodeHash(),
    })).slice(0, HASH_CHARS);
    const dir = join(cacheRoot, `trained-student-${hash}`);
    const files = { model: join(dir, "trained-student.gguf"), heldOutDataset: join(dir, "heldout.jsonl"), validationDataset: join(dir, "validation.jsonl"), trainDataset: join(dir, "train.jsonl"), record: join(dir, "record.json") };
    const finish = (record: StudentTrainingRecord, cached: boolean): TrainedStudent => {
        writeTestbedManifest(manifestPath, { ...manifest, trainedStudent: files.model });
        return { dir, model: files.model, heldOutDataset: files.heldOutDataset, validationDataset: files.validationDataset, trainDataset: files.trainDataset, record, cached };
    };
    if (existsSync(files.record)) {
        log(`train student: cached in ${dir}`);
        return finish(JSON.parse(readFileSync(files.record, "utf8")) as StudentTrainingRecord, true);
    }

    const env = pythonEnvironment(options.python, cacheRoot);
    const work = freshWorkDir(dir);
    const server = options.teacherUrl ? undefined : await startTeacherServer({ model: manifest.teacher, binary: options.llamaServer, threads: o.threads });
    try {
        writeFileSync(join(work, "train.jsonl"), lines.train);
        writeFileSync(join(work, "heldout.jsonl"), lines.heldOut);
        writeFileSync(join(work, "validation.jsonl"), lines.validation);
        const teacher = new OpenAiTeacher({ baseURL: options.teacherUrl ?? server!.baseURL, model: "teacher", maxRetries: 1 });

        // 1. Warm-up, 2. the RL stage.
        const warmup = await warmupStage({ student: manifest.student, train: split.train, work, env, o, log });
        const { warmupModel, promptIds } = warmup;

        const rl = o.algorithm === "grpo"
            ? await grpoStage({ teacher, teacherURL: options.teacherUrl ?? server!.baseURL, train: split.train, promptIds, warmupModel, tokenizer: manifest.student, work, env, o, log })
            : { final: await expertIterationStage({ teacher, train: split.train, warmupModel, anchor: manifest.student, work, env, o, log }), grpo: null };
        const current = rl.final.model;
        const rounds = rl.final.rounds;
        copyFileSync(current, join(work, "trained-student.gguf"));
        const record: StudentTrainingRecord = {
            hash, testbed: { student: manifest.student, teacher: manifest.teacher, dataset: manifest.dataset }, options: o,
            trainItems: split.train.length, heldOutItems: split.test.length, validationItems: split.validation.length,
            warmup: { examples: warmup.examples, commands: warmup.commands, metrics: warmup.metrics }, rounds, grpo: rl.grpo,
            seconds: Math.round((performance.now() - started) / 100) / 10,
        };
        writeFileSync(join(work, "record.json"), JSON.stringify(record, null, 2) + "\n");
        if (!existsSync(files.record)) {
            rmSync(dir, { recursive: true, force: true });
            renameSync(work, dir);
        }
        return finish(record, false);
    } finally {
        await server?.stop();
        rmSync(work, { recursive: true, force: true });
    }
}

type Resolved = ReturnType<typeof resolved>;
interface Stage { work: string; env: ReturnType<typeof pythonEnvironment>; o: Resolved; log: (line: string) => void }

/** The filter, then one relaygrpo job from the warmed-up student (also the KL reference). */
/**
 * The supervised warm-up: the student's own answers to the training problems, commands inserted at random token
 * boundaries, fine-tuned into `warmup.gguf` (skipped for GRPO without calls: there is no command to teach, and it
 * starts from the test bed's student). Also returns the training prompts as the student tokenizes them.
 */
async function warmupStage(s: Stage & { student: string; train: TestbedQuestion[] }) {
    const { o, log } = s;
    log(`train student: warm-up on ${s.train.length} training problems (${o.warmup.samples} samples each)...`);
    const student = await loadLlamaStudent({ model: s.student, threads: o.threads, gpu: false, contextSize: 256 });
    const examples: SftExample[] = [];
    let commands = 0;
    let promptIds: number[][];
    try {
        const benchItems = s.train.map((item) => ({ id: item.id, problem: item.prompt, answer: item.answer }));
        for await (const record of sampleWarmup({ student, items: benchItems, samples: o.warmup.samples, maxTokens: o.warmup.maxTokens, temperature: 1.0, seed: o.seed, commands: o.warmup.commands, callTokens: o.warmup.callTokens, keep: "all", grader: "exact", promptSuffix: "", boundaries: o.warmup.boundaries })) {
            const prompt = promptTokens(student, record.templatedPrompt);
            examples.push({ prompt, ...tokenizeSegments(student, prompt, [{ text: record.answer, learn: true }]) });
            commands += record.calls.length;
        }
        promptIds = s.train.map((item) => promptTokens(student, item.prompt));
    } finally {
        await student.dispose();
    }
    const warm = o.algorithm !== "grpo" || o.grpo.calls;
    const warmupModel = warm ? join(s.work, "warmup.gguf") : s.student;
    if (warm) await runPythonJob("relaystudent", sftJob(s.student, s.student, warmupModel, join(s.work, "warmup.metrics.json"), examples, o.warmup.steps, o, o.seed), join(s.work, "warmup.job.json"), s.env, o.threads, log);
    const metrics: unknown = warm ? JSON.parse(readFileSync(join(s.work, "warmup.metrics.json"), "utf8")) : null;
    return { warmupModel, promptIds, examples: examples.length, commands, metrics };
}

async function grpoStage(s: Stage & { teacher: OpenAiTeacher; teacherURL: string; train: TestbedQuestion[]; promptIds: number[][]; warmupModel: string; tokenizer: string }) {
    const g = s.o.grpo;
    const filtered = await filterTrainingItems(s.teacher, s.train, { band: g.filter, samples: g.filterSamples, maxTokens: s.o.rolloutTokens, seed: s.o.seed, resultsPath: join(s.work, "teacher-filter.jsonl") });
    const f = filtered.summary;
    s.log(`train student: teacher filter (${f.band}, ${f.samples} samples) kept ${f.kept} of ${f.items} training items${Object.keys(f.removedByKind).length ? ` (removed: ${Object.entries(f.removedByKind).map(([k, n]) => `${n} ${k}`).join(", ")})` : ""}`);
    if (filtered.kept.length === 0) throw new Error("the teacher filter kept no training item");
    const items = filtered.kept.map((item) => ({ item, promptIds: s.promptIds[s.train.indexOf(item)]! }));
    const model = join(s.work, "grpo.gguf");
    const metricsPath = join(s.work, "grpo.metrics.json");
    s.log(`train student: GRPO, ${g.steps} steps of ${g.promptsPerStep} prompts x ${g.groupSize} relay rollouts...`);
    const job = grpoJob({ base: s.warmupModel, reference: s.warmupModel, tokenizer: s.tokenizer, out: model, metrics: metricsPath }, s.teacherURL, items, g, { seed: s.o.seed, threads: s.o.threads, rolloutTokens: s.o.rolloutTokens });
    await runPythonJob("relaygrpo", job, join(s.work, "grpo.job.json"), s.env, s.o.threads, s.log);
    return { final: { model, rounds: [] as StudentTrainingRecord["rounds"] }, grpo: { filter: f, metrics: JSON.parse(readFileSync(metricsPath, "utf8")) as unknown } };
}

/** Rounds of expert iteration (rejection sampling on the difficulty-aware reward), each anchored to the test bed's student. */
async function expertIterationStage(s: Stage & { teacher: OpenAiTeacher; train: TestbedQuestion[]; warmupModel: string; anchor: string }) {
    const o = s.o;
    let current = s.warmupModel;
    const rounds: StudentTrainingRecord["rounds"] = [];
    for (let round = 1; round <= o.rounds; round++) {
        const t0 = performance.now();
        // One sequence per rollout of a group: the group's K rollouts decode in one batch.
        const student = await loadLlamaStudent({ model: current, threads: o.threads, gpu: false, contextSize: 256, sequences: o.samples });
        let sampled: Rollout[];
        const examples: SftExample[] = [];
        let selection: ReturnType<typeof selectBest>;
        try {
            sampled = await sampleRollouts(student, s.teacher, s.train, { samples: o.samples, rolloutTokens: o.rolloutTokens, temperature: o.temperature, seed: o.seed + 1_000_000 * round });
            selection = selectBest(sampled, o.keepPerProblem, round);
            for (const rollout of selection.kept) {
                const prompt = promptTokens(student, rollout.item.prompt);
                const example = { prompt, ...tokenizeSegments(student, prompt, firstSentence(rollout.segments!)) };
                if (example.mask.some((m) => m === 1)) examples.push(example);
            }
        } finally {
            await student.dispose();
        }
        const rolloutSeconds = (performance.now() - t0) / 1000;
        s.log(`train student: round ${round}: ${sampled.length} rollouts in ${rolloutSeconds.toFixed(0)} s (${roundSummary(selection.stats.byKind)}); fine-tuning on ${examples.length}...`);
        const t1 = performance.now();
        const next = join(s.work, `round-${round}.gguf`);
        if (examples.length === 0) throw new Error(`round ${round}: no rollout scored above 0 (nothing to fine-tune on)`);
        await runPythonJob("relaystudent", sftJob(current, s.anchor, next, join(s.work, `round-${round}.metrics.json`), examples, o.roundSteps, o, o.seed + round), join(s.work, `round-${round}.job.json`), s.env, o.threads, s.log);
        rounds.push({ ...selection.stats, rolloutSeconds: Math.round(rolloutSeconds * 10) / 10, sftSeconds: Math.round((performance.now() - t1) / 100) / 10, metrics: JSON.parse(readFileSync(join(s.work, `round-${round}.metrics.json`), "utf8")) });
        current = next;
    }
    return { model: current, rounds };
}
