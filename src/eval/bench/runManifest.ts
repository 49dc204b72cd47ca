import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { CONFIDENCE_TRIGGERS } from "../../relay";
import { parseOrProblem } from "../../util/schema";
import { BENCH_MODES, type RunMode } from "./benchModes";
import { planBench, type BenchPlan } from "./benchPlan";
import { writeAtomically } from "./writeReports";

/** The run description beside the results of an output folder. */
export const RUN_MANIFEST_FILE = "run.json";

const count = (what: string, min = 0) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`), v.minValue(min, `${what} must be at least ${min}`));
const text = (what: string) => v.string(`${what} must be a string`);
const price = v.pipe(v.number("prices must be numbers"), v.minValue(0, "prices must not be negative"));

/**
 * What a bench run is, written as `run.json` when it starts: everything its table is made from besides the
 * results (the problems themselves, so a folder from another machine needs nothing else), and which shard of
 * the run the folder holds. `bench merge` checks that its folders describe one run, then rebuilds the plan.
 */
const runManifestSchema = v.object({
    format: v.literal(1, 'unknown run.json format (expected "format": 1)'),
    dataset: text('"dataset"'),
    items: v.array(v.object({ id: text("an item's id"), problem: text("an item's problem"), answer: text("an item's answer"), kind: v.optional(text("an item's kind")) }), '"items" must be an array'),
    modes: v.array(v.picklist(BENCH_MODES, "unknown mode in \"modes\""), '"modes" must be an array'),
    repeats: count('"repeats"'),
    routerFractions: v.array(v.number('"routerFractions" must hold numbers'), '"routerFractions" must be an array'),
    seed: v.number('"seed" must be a number'),
    promptSuffix: text('"promptSuffix"'),
    /** The settings fingerprint of each run mode (with the grader's), as results are keyed. */
    configs: v.record(v.picklist(BENCH_MODES.filter((mode) => mode !== "router"), "unknown mode in \"configs\""), text("a config fingerprint")),
    prices: v.object({ inputPerMillion: price, cachedInputPerMillion: v.optional(price), outputPerMillion: price }),
    confidence: v.object({ trigger: v.picklist(CONFIDENCE_TRIGGERS, "unknown confidence trigger"), threshold: v.number("the confidence threshold must be a number") }),
    student: text('"student"'),
    teacher: v.optional(text('"teacher"')),
    relayTrained: v.boolean('"relayTrained" must be a boolean'),
    /** Which shard the folder holds; `1/1` for a run that was not split. */
    shard: v.pipe(
        v.object({ index: count("the shard's index", 1), count: count("the shard count", 1) }),
        v.check((shard) => shard.index <= shard.count, "the shard's index must not exceed the shard count"),
    ),
});
export type RunManifest = v.InferOutput<typeof runManifestSchema>;

/** The plan the manifest describes, whole (every shard's solves). */
export function planOfManifest(manifest: RunManifest): BenchPlan {
    return planBench({
        items: manifest.items,
        modes: manifest.modes,
        repeats: manifest.repeats,
        routerFractions: manifest.routerFractions,
        seed: manifest.seed,
        promptSuffix: manifest.promptSuffix,
        configOf: (mode: RunMode) => {
            const config = manifest.configs[mode];
            if (config === undefined) throw new RangeError(`run.json has no settings fingerprint for mode ${mode}`);
            return config;
        },
    });
}

/** The first field in which two manifests describe different runs (the shard aside), or undefined when they agree. */
export function manifestDifference(a: RunManifest, b: RunManifest): string | undefined {
    for (const key of Object.keys(runManifestSchema.entries) as (keyof RunManifest)[]) {
        if (key === "shard") continue;
        if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return key;
    }
    return undefined;
}

/** Writes `dir/run.json` in one step. */
export function writeRunManifest(dir: string, manifest: RunManifest): void {
    writeAtomically(join(dir, RUN_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}

/** Reads `dir/run.json`; throws an Error saying what is wrong with it. */
export function readRunManifest(dir: string): RunManifest {
    const path = join(dir, RUN_MANIFEST_FILE);
    if (!existsSync(path)) throw new Error(`${dir} has no ${RUN_MANIFEST_FILE} (not a bench output folder, or made by a relayllm without shards)`);
    let value: unknown;
    try {
        value = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
        throw new Error(`${path} is not valid JSON (${(error as Error).message})`);
    }
    const parsed = parseOrProblem(runManifestSchema, value);
    if (parsed.problem !== undefined) throw new Error(`${path}: ${parsed.problem}`);
    return parsed.output;
}
