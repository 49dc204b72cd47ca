import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ATTRIBUTES, buildFactWorld, trainedOn, type FactItem } from "./factWorld";
import { llamaCppSourceBundle } from "./ggufPySource";
import { freshWorkDir, pythonEnvironment, runTrainingJob, type TrainingJob } from "./pythonTrainer";
import { relayCacheRoot, trainingDir } from "./projectPaths";
import { cpuLlama, measureModel, type SanityFigures } from "./sanityFigures";
import { testbedDatasetLines } from "./testbedDataset";
import { writeTestbedManifest, type TestbedManifest } from "./testbedManifest";
import { tokenizeFacts, trainingExamples, type TokenizedFact } from "./tokenizeFacts";

/** Options of {@link buildTestbed}; every field but `base` has a default. */
export interface TestbedOptions {
    /** The GGUF both models are fine-tuned from (llama architecture; F32 or a gguf-py-quantizable type). */
    base: string;
    /** Seeds the facts and the training. Default 0. */
    seed?: number;
    /** Characters, four facts each (a multiple of 32). Default 64 (256 items). */
    characters?: number;
    /** Optimizer steps per model. Default 600. */
    steps?: number;
    /** CPU threads for training and for the sanity check. Default 1 (reproducible bit for bit). */
    threads?: number;
    /** Default {@link relayCacheRoot}. */
    cacheRoot?: string;
    /** Default `$RELAYLLM_PYTHON` or `/usr/bin/python3`. */
    python?: string;
    /** Progress lines. Default none. */
    log?: (line: string) => void;
}

/** What `testbed.json` in the cache folder records about a build. */
export interface TestbedRecord {
    hash: string;
    base: string;
    baseSha256: string;
    seed: number;
    characters: number;
    steps: number;
    items: number;
    /** Greedy exact-match accuracy through node-llama-cpp. */
    figures: SanityFigures;
    /** The trainer's metrics file for each model (fact loss, held-out NLL of base and trained model, seconds). */
    training: { teacher: unknown; student: unknown };
    buildSeconds: number;
}

export interface TestbedBuild {
    /** The cache folder holding the models, the data set and testbed.json. */
    dir: string;
    manifest: TestbedManifest;
    record: TestbedRecord;
    /** True when the folder was already built. */
    cached: boolean;
}

/** The first 16 hex digits of the cache key name the folder. */
const HASH_CHARS = 16;

function sha256(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** The trainer's own code, so a change to it rebuilds. */
function trainingCodeHash(): string {
    const dir = join(trainingDir(), "relaytrain");
    const files = readdirSync(dir).filter((name) => name.endsWith(".py")).sort();
    return sha256(files.map((name) => `${name}\0${sha256(readFileSync(join(dir, name)))}`).join("\n"));
}

function job(facts: readonly TokenizedFact[], items: readonly FactItem[], model: "teacher" | "student", options: Required<Pick<TestbedOptions, "seed" | "steps" | "threads">>): Omit<TrainingJob, "base" | "out" | "metrics"> {
    const trained = facts.filter((_, index) => trainedOn(model, items[index]!));
    return {
        seed: options.seed,
        threads: options.threads,
        steps: options.steps,
        lr: 2e-3,
        warmupSteps: 20,
        batchSize: 16,
        clip: 1.0,
        // KL weight 2: the teacher learns 384 facts, and at weight 1 its held-out NLL on base-model stories rose 17 % (student 10 %).
        replay: { stories: 64, heldOut: 16, length: 96, batchSize: 8, klWeight: 2.0 },
        examples: trainingExamples(trained),
        probes: [],
    };
}

/**
 * Builds the test bed (or finds it built): the facts, a teacher fine-tuned on every known fact, a student
 * fine-tuned on the student-solvable ones, the bench data set, and the sanity figures measured through
 * node-llama-cpp. Everything lands in `<cacheRoot>/testbed-<hash>`, the hash covering every input (the base
 * model's bytes, the trainer's code, gguf-py's release, the facts with their token ids, the hyper-parameters).
 */
export async function buildTestbed(options: TestbedOptions): Promise<TestbedBuild> {
    const started = performance.now();
    const log = options.log ?? (() => {});
    const seed = options.seed ?? 0;
    const characters = options.characters ?? 64;
    const steps = options.steps ?? 600;
    const threads = options.threads ?? 1;
    const cacheRoot = options.cacheRoot ?? relayCacheRoot();
    const base = resolve(options.base);
    if (!existsSync(base)) throw new Error(`base model ${base} does not exist`);

    const items = buildFactWorld({ seed, characters });
    const llama = await cpuLlama();
    const baseModel = await llama.loadModel({ modelPath: base });
    const facts = tokenizeFacts(baseModel, items);
    await baseModel.dispose();
    const jobs = { teacher: job(facts, items, "teacher", { seed, steps, threads }), student: job(facts, items, "student", { seed, steps, threads }) };
    const dataset = testbedDatasetLines(items);
    const baseSha256 = sha256(readFileSync(base));
    const hash = sha256(JSON.stringify({ format: 2, baseSha256, code: trainingCodeHash(), ggufPy: llamaCppSourceBundle().tag, jobs, dataset })).slice(0, HASH_CHARS);
    const dir = join(cacheRoot, `testbed-${hash}`);
    const manifest: TestbedManifest = { teacher: join(dir, "teacher.gguf"), student: join(dir, "student.gguf"), trainedStudent: null, dataset: join(dir, "dataset.jsonl"), grader: "exact" };
    const recordPath = join(dir, "testbed.json");
    if (existsSync(recordPath)) {
        log(`testbed: cached in ${dir}`);
        return { dir, manifest, record: JSON.parse(readFileSync(recordPath, "utf8")) as TestbedRecord, cached: true };
    }

    const environment = pythonEnvironment(options.python, cacheRoot);
    const work = freshWorkDir(dir);
    try {
        writeFileSync(join(work, "dataset.jsonl"), dataset);
        const training: Record<"teacher" | "student", unknown> = { teacher: null, student: null };
        for (const model of ["teacher", "student"] as const) {
            log(`testbed: training the ${model} (${jobs[model].examples.length} examples, ${steps} steps)...`);
            const files = { base, out: join(work, `${model}.gguf`), metrics: join(work, `${model}.metrics.json`) };
            await runTrainingJob({ ...files, ...jobs[model] }, join(work, `${model}.job.json`), environment, log);
            training[model] = JSON.parse(readFileSync(files.metrics, "utf8"));
        }
        log("testbed: measuring both models through node-llama-cpp...");
        const teacher = await measureModel(llama, join(work, "teacher.gguf"), items, threads);
        const student = await measureModel(llama, join(work, "student.gguf"), items, threads);
        const figures: SanityFigures = {
            teacher: teacher.byKind,
            student: student.byKind,
            gaps: { teacher: teacher.byGap, student: student.byGap },
            chance: 1 / Math.min(...ATTRIBUTES.map((attribute) => attribute.values.length)),
        };
        const record: TestbedRecord = {
            hash, base, baseSha256, seed, characters, steps, items: items.length, figures, training,
            buildSeconds: Math.round((performance.now() - started) / 100) / 10,
        };
        writeTestbedManifest(join(work, "manifest.json"), manifest);
        writeFileSync(join(work, "testbed.json"), JSON.stringify(record, null, 2) + "\n");
        // Another build of the same inputs may have finished first: keep its folder.
        if (!existsSync(recordPath)) {
            rmSync(dir, { recursive: true, force: true });
            renameSync(work, dir);
        }
        return { dir, manifest, record, cached: false };
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

/** Writes `outDir/manifest.json` pointing into the build's cache folder (models are never copied). */
export function writeManifestTo(build: TestbedBuild, outDir: string): string {
    mkdirSync(outDir, { recursive: true });
    const path = join(resolve(outDir), "manifest.json");
    writeTestbedManifest(path, build.manifest);
    return path;
}
