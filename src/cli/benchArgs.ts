import { join } from "node:path";
import { BENCH_MODES, DEFAULT_BENCH_MODES, REFERENCE_PROMPT_SUFFIX, WHOLE_RUN, type BenchMode, type BenchShard } from "../eval/bench";
import { maxStudentSequences } from "../student";
import type { ExtractMode } from "../eval/grader/types";
import { GRADER_NAMES, type GraderName } from "../eval/grader/exactMatch";
import { choiceFlag, decimalFlag, integerFlag, MODEL_ENV_USAGE, MODEL_FLAGS, MODEL_FLAGS_USAGE, parseFlags, readModelFlags, type ModelArgs } from "./modelFlags";
import { UsageError } from "./usageError";

/** Everything `relayllm bench` accepts, after validation. */
export interface BenchArgs extends ModelArgs {
    /** A shared data set name or a JSONL path. */
    dataset: string;
    /** The first N problems; default all. */
    limit?: number;
    /** Methods in table order, without duplicates. */
    modes: BenchMode[];
    /** The router's shares of problems sent to the teacher, one table row each, in the order given. Default [0.5]. */
    routerFractions: number[];
    /** K of avg@K. Default 1. */
    repeats: number;
    /** Solves in flight at once. Default 1. */
    concurrency: number;
    /**
     * `--batch on`: the solves in flight share one context, one sequence each, decoded in one batch (what a GPU
     * wants). Default off: each its own context, which measured 1.8–1.9× against batched 1.1–1.6× at
     * --concurrency 8 on 2 CPU cores with the tiny student (`npm run bench:throughput`).
     */
    batch: boolean;
    /** The part of the plan this process runs (`--shard I/N`). Default the whole run. */
    shard: BenchShard;
    /** Output folder; default `bench-out/<data set name>`. */
    out?: string;
    /** Text after each problem. Default: the reference's instruction. */
    promptSuffix: string;
    /** Redo stored solves in which the teacher failed, whatever the reason. */
    retryTeacherErrors: boolean;
    /** Repeat r samples with seed + r; the router's choice uses it too. Default 0. */
    seed: number;
    /** `math` (the math grader) or `exact` (first word, for the test bed). Default math. */
    grader: GraderName;
    /** Math grader: which box is the answer, `last` (ours) or `first` (the reference's). Default last; first under --protocol reference. */
    extract: ExtractMode;
}

export const BENCH_USAGE = `usage: relayllm bench --dataset NAME|PATH [--limit N] [--modes ${BENCH_MODES.join(",")}]
       [--router-fractions F1,F2,...] [--repeat K] [--concurrency C] [--shard I/N] [--out DIR] [--prompt-suffix TEXT] [--retry-teacher-errors]
       [--grader math|exact] [--extract last|first]
       ${MODEL_FLAGS_USAGE}
Runs each problem in each mode, appending results to DIR/results.jsonl as they finish (a rerun resumes),
and writes DIR/table.md, DIR/pareto.svg and DIR/summary.json. NAME is one of gsm8k, math500, minerva_math,
olympiadbench, aime24, aime25 (in $RELAYLLM_SHARED_DIR/data or ../shared/data beside the project).
--router-fractions sweeps the random router: one row per fraction (--router-fraction F is one fraction).
--concurrency C keeps C solves in flight; --batch on decodes them together in one batch of one student context
(for a GPU; on CPU cores separate contexts, the default, measured faster).
--shard I/N runs the I-th of N parts of the plan (each problem's repeats dealt out in turn; default --out
bench-out/<data set>-shard-I-of-N); "relayllm bench merge DIR... [--out DIR]" combines the shards' folders.
Defaults: --modes ${DEFAULT_BENCH_MODES.join(",")}, --router-fractions 0.5, --repeat 1, --concurrency 1,
--seed 0 (repeat r uses seed + r), --out bench-out/<data set>, --grader math (exact: the answer's first
word must equal the reference, ignoring case; for the test bed of "relayllm testbed build"), --extract last
(first, the reference's first \\boxed{}, under --protocol reference).
${MODEL_ENV_USAGE}`;

function parseModes(raw: string | undefined): BenchMode[] {
    if (raw === undefined) return [...DEFAULT_BENCH_MODES];
    const names = raw.split(",").map((name) => name.trim()).filter((name) => name !== "");
    if (names.length === 0) throw new UsageError("--modes needs at least one mode");
    for (const name of names) {
        if (!BENCH_MODES.includes(name as BenchMode)) throw new UsageError(`--modes: unknown mode "${name}" (expected ${BENCH_MODES.join(", ")})`);
    }
    return [...new Set(names as BenchMode[])];
}

/** `--router-fractions 0,0.25,1` (or the one-value `--router-fraction`): fractions in [0, 1], duplicates dropped. */
function parseRouterFractions(list: string | undefined, single: string | undefined, modes: readonly BenchMode[], modesGiven: boolean): number[] {
    if (list !== undefined && single !== undefined) throw new UsageError("give --router-fractions or --router-fraction, not both");
    if (list === undefined && single === undefined) return [0.5];
    const flag = list !== undefined ? "--router-fractions" : "--router-fraction";
    if (modesGiven && !modes.includes("router")) throw new UsageError(`${flag} needs router in --modes`);
    const raw = list !== undefined ? list.split(",").map((part) => part.trim()) : [single!];
    if (raw.some((part) => part === "")) throw new UsageError(`${flag} has an empty fraction`);
    return [...new Set(raw.map((part) => decimalFlag(flag, part, 0, 1)!))];
}

/** The default output folder of a run (of one shard of it). */
export function defaultBenchOut(dataset: string, shard: BenchShard): string {
    return join("bench-out", shard.count === 1 ? dataset : `${dataset}-shard-${shard.index}-of-${shard.count}`);
}

/** `--shard I/N`: the I-th (1-based) of N parts. */
function parseShard(raw: string | undefined): BenchShard {
    if (raw === undefined) return WHOLE_RUN;
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
    const [index, count] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
    if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && index <= count)) {
        throw new UsageError(`--shard must be I/N with 1 <= I <= N (the I-th of N parts of the run), got ${raw}`);
    }
    return { index, count };
}

function parseExtract(raw: string | undefined, protocol: ModelArgs["protocol"]): ExtractMode {
    if (raw === undefined) return protocol === "reference" ? "first" : "last";
    if (raw !== "first" && raw !== "last") throw new UsageError(`--extract must be first or last, got "${raw}"`);
    return raw;
}

function parseGrader(raw: string | undefined): GraderName {
    if (raw === undefined) return "math";
    if (!GRADER_NAMES.includes(raw as GraderName)) throw new UsageError(`--grader: unknown grader "${raw}" (expected ${GRADER_NAMES.join(", ")})`);
    return raw as GraderName;
}

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
    const { values, positionals } = parseFlags(argv, {
        ...MODEL_FLAGS,
        dataset: { type: "string" },
        limit: { type: "string" },
        modes: { type: "string" },
        "router-fraction": { type: "string" },
        "router-fractions": { type: "string" },
        repeat: { type: "string" },
        concurrency: { type: "string" },
        batch: { type: "string" },
        shard: { type: "string" },
        out: { type: "string" },
        "prompt-suffix": { type: "string" },
        "retry-teacher-errors": { type: "boolean" },
        grader: { type: "string" },
        extract: { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (bench takes only flags)`);
    if (!values.dataset) throw new UsageError("missing --dataset (a data set name such as gsm8k, or a JSONL path)");
    const model = readModelFlags(values, env);
    const modes = parseModes(values.modes);
    if (!model.teacherUrl) {
        const needTeacher = modes.filter((mode) => mode !== "student-only");
        if (needTeacher.length > 0) throw new UsageError(`--modes ${needTeacher.join(",")} needs --teacher-url`);
    }
    const concurrency = integerFlag("--concurrency", values.concurrency, 1) ?? 1;
    if (concurrency > maxStudentSequences) throw new UsageError(`--concurrency must be at most ${maxStudentSequences} (the student's sequences in one context), got ${concurrency}`);
    return {
        ...model,
        dataset: values.dataset,
        limit: integerFlag("--limit", values.limit, 1),
        modes,
        routerFractions: parseRouterFractions(values["router-fractions"], values["router-fraction"], modes, values.modes !== undefined),
        repeats: integerFlag("--repeat", values.repeat, 1) ?? 1,
        concurrency,
        batch: choiceFlag("--batch", values.batch, ["on", "off"] as const) === "on",
        shard: parseShard(values.shard),
        out: values.out,
        promptSuffix: values["prompt-suffix"] ?? REFERENCE_PROMPT_SUFFIX,
        retryTeacherErrors: values["retry-teacher-errors"] ?? false,
        seed: model.seed ?? 0,
        grader: parseGrader(values.grader),
        extract: parseExtract(values.extract, model.protocol),
    };
}
