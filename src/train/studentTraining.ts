/**
 * The paper in miniature (docs/training.md, "A student trained here to call"): on the test bed, a supervised
 * warm-up on the student's own sampled text with random `<call>n</call>` inserted, then — where the paper runs
 * GRPO — a CPU-sized policy improvement with the same difficulty-aware reward: rejection sampling / expert
 * iteration. Each round samples K relay rollouts per training problem (the student in learned mode, the test
 * bed's teacher behind llama-server), scores each prompt's group with `difficultyReward`, and fine-tunes on the
 * rollouts scored above their group's mean (teacher tokens masked from the loss). It is not GRPO: there is no advantage-weighted
 * policy gradient and no negative signal, only supervised learning on the winners.
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
import type { IntDistribution } from "./insertCalls";
import { firstSentence, promptTokens, tokenizeSegments, type SftExample } from "./sftExamples";
import { sampleWarmup } from "./warmupData";

/** Options of {@link trainStudent}; every field but `manifestPath` has a default ({@link STUDENT_TRAINING_DEFAULTS}). */
export interface StudentTrainingOptions {
    /** The test bed's manifest.json; its `trainedStudent` is filled in. */
    manifestPath: string;
    /** Characters of each kind held out from training (the bench's items). */
    heldOutPerKind?: number;
    /** Warm-up: answers sampled per training problem, their length, commands per answer, their n, SFT steps. */
    warmup?: { samples: number; maxTokens: number; commands: IntDistribution; callTokens: IntDistribution; steps: number; boundaries: "token" | "word" };
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

export const STUDENT_TRAINING_DEFAULTS = {
    heldOutPerKind: 2,
    warmup: { samples: 4, maxTokens: 6, commands: { kind: "uniform", min: 0, max: 2 } as IntDistribution, callTokens: { kind: "uniform", min: 1, max: 3 } as IntDistribution, steps: 120, boundaries: "word" as const },
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
    heldOutItems: number;
    warmup: { examples: number; commands: number; metrics: unknown };
    rounds: (RoundStats & { metrics: unknown })[];
    seconds: number;
}

export interface TrainedStudent {
    /** The cache folder. */
    dir: string;
    /** The trained GGUF (`relayllm.trained = true`). */
    model: string;
    /** The held-out items as bench JSONL (`id`, `problem`, `answer`, `kind`): bench the trained student on these. */
    heldOutDataset: string;
    trainDataset: string;
    record: StudentTrainingRecord;
    cached: boolean;
}

const FORMAT = 1;
const HASH_CHARS = 16;
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function pythonCodeHash(): string {
    const parts: string[] = [];
    for (const pkg of ["relaytrain", "relaystudent"]) {
        const dir = join(trainingDir(), pkg);
        for (const name of readdirSync(dir).filter((file) => file.endsWith(".py")).sort()) parts.push(`${pkg}/${name}\0${sha256(readFileSync(join(dir, name)))}`);
    }
    return sha256(parts.join("\n"));
}

function resolved(options: StudentTrainingOptions) {
    const d = STUDENT_TRAINING_DEFAULTS;
    return {
        heldOutPerKind: options.heldOutPerKind ?? d.heldOutPerKind,
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
    const split = splitTestbed(items, o.heldOutPerKind);
    const lines = { train: testbedDatasetLines(split.train), heldOut: testbedDatasetLines(split.heldOut) };
    const cacheRoot = options.cacheRoot ?? relayCacheRoot();
    const hash = sha256(JSON.stringify({
        format: FORMAT, student: sha256(readFileSync(manifest.student)), teacher: sha256(readFileSync(manifest.teacher)),
        train: lines.train, heldOut: lines.heldOut, options: o, code: pythonCodeHash(),
    })).slice(0, HASH_CHARS);
    const dir = join(cacheRoot, `trained-student-${hash}`);
    const files = { model: join(dir, "trained-student.gguf"), heldOutDataset: join(dir, "heldout.jsonl"), trainDataset: join(dir, "train.jsonl"), record: join(dir, "record.json") };
    const finish = (record: StudentTrainingRecord, cached: boolean): TrainedStudent => {
        writeTestbedManifest(manifestPath, { ...manifest, trainedStudent: files.model });
        return { dir, model: files.model, heldOutDataset: files.heldOutDataset, trainDataset: files.trainDataset, record, cached };
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
        const teacher = new OpenAiTeacher({ baseURL: options.teacherUrl ?? server!.baseURL, model: "teacher", maxRetries: 1 });

        // 1. Warm-up: the student's own answers to the training problems, commands inserted at random token boundaries.
        log(`train student: warm-up on ${split.train.length} training problems (${o.warmup.samples} samples each)...`);
        let student = await loadLlamaStudent({ model: manifest.student, threads: o.threads, gpu: false, contextSize: 256 });
        const warmupExamples: SftExample[] = [];
        let warmupCommands = 0;
        try {
            const benchItems = split.train.map((item) => ({ id: item.id, problem: item.prompt, answer: item.answer }));
            for await (const record of sampleWarmup({ student, items: benchItems, samples: o.warmup.samples, maxTokens: o.warmup.maxTokens, temperature: 1.0, seed: o.seed, commands: o.warmup.commands, callTokens: o.warmup.callTokens, keep: "all", grader: "exact", promptSuffix: "", boundaries: o.warmup.boundaries })) {
                const prompt = promptTokens(student, record.templatedPrompt);
                warmupExamples.push({ prompt, ...tokenizeSegments(student, prompt, [{ text: record.answer, learn: true }]) });
                warmupCommands += record.calls.length;
            }
        } finally {
            await student.dispose();
        }
        const warmupModel = join(work, "warmup.gguf");
        await runPythonJob("relaystudent", sftJob(manifest.student, manifest.student, warmupModel, join(work, "warmup.metrics.json"), warmupExamples, o.warmup.steps, o, o.seed), join(work, "warmup.job.json"), env, o.threads, log);
        const warmupMetrics: unknown = JSON.parse(readFileSync(join(work, "warmup.metrics.json"), "utf8"));

        // 2. Expert iteration with the difficulty-aware reward (where the paper runs GRPO).
        let current = warmupModel;
        const rounds: StudentTrainingRecord["rounds"] = [];
        for (let round = 1; round <= o.rounds; round++) {
            const t0 = performance.now();
            student = await loadLlamaStudent({ model: current, threads: o.threads, gpu: false, contextSize: 256 });
            let sampled: Rollout[];
            const examples: SftExample[] = [];
            let selection: ReturnType<typeof selectBest>;
            try {
                sampled = await sampleRollouts(student, teacher, split.train, { samples: o.samples, rolloutTokens: o.rolloutTokens, temperature: o.temperature, seed: o.seed + 1_000_000 * round });
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
            const summary = roundSummary(selection.stats.byKind);
            log(`train student: round ${round}: ${sampled.length} rollouts in ${rolloutSeconds.toFixed(0)} s (${summary}); fine-tuning on ${examples.length}...`);
            const t1 = performance.now();
            const next = join(work, `round-${round}.gguf`);
            if (examples.length === 0) throw new Error(`round ${round}: no rollout scored above 0 (nothing to fine-tune on)`);
            await runPythonJob("relaystudent", sftJob(current, manifest.student, next, join(work, `round-${round}.metrics.json`), examples, o.roundSteps, o, o.seed + round), join(work, `round-${round}.job.json`), env, o.threads, log);
            rounds.push({ ...selection.stats, rolloutSeconds: Math.round(rolloutSeconds * 10) / 10, sftSeconds: Math.round((performance.now() - t1) / 100) / 10, metrics: JSON.parse(readFileSync(join(work, `round-${round}.metrics.json`), "utf8")) });
            current = next;
        }
        copyFileSync(current, join(work, "trained-student.gguf"));
        const record: StudentTrainingRecord = {
            hash, testbed: { student: manifest.student, teacher: manifest.teacher, dataset: manifest.dataset }, options: o,
            trainItems: split.train.length, heldOutItems: split.heldOut.length,
            warmup: { examples: warmupExamples.length, commands: warmupCommands, metrics: warmupMetrics }, rounds,
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
