import type { BenchMode, RunMode } from "./benchModes";
import { benchPrompt } from "./benchPrompt";
import type { BenchItem } from "./dataset";
import { routeToTeacher } from "./router";
import { itemFingerprint, resultKey } from "./runKey";

/** One solve to run (or to find already done). */
export interface BenchTask {
    key: string;
    mode: RunMode;
    item: BenchItem;
    repeat: number;
    /** The user prompt: problem and instruction. */
    prompt: string;
    config: string;
    itemHash: string;
}

/** The result one method uses for one problem and repeat. */
export interface MethodCell {
    id: string;
    repeat: number;
    key: string;
}

/** A benchmark run laid out: the distinct solves, and which of them each method's row is made of. */
export interface BenchPlan {
    /** Every solve, once, in run order: repeat by repeat, problem by problem, mode by mode. */
    tasks: BenchTask[];
    /** The table's rows: one per mode, and one per router fraction for `router`. */
    methods: PlannedMethod[];
}

/** One row of the table: its mode, its router fraction when it is a router row, and its results. */
export interface PlannedMethod {
    mode: BenchMode;
    /** Share of problems sent to the teacher; only on `router` rows. */
    routerFraction?: number;
    cells: MethodCell[];
}

export interface PlanInput {
    items: readonly BenchItem[];
    /** The methods, in table order. */
    modes: readonly BenchMode[];
    /** K of avg@K; at least 1. */
    repeats: number;
    /** The router's shares of problems sent to the teacher, one `router` row each, in this order (duplicates dropped). */
    routerFractions: readonly number[];
    /** Seeds the router's choice. */
    seed: number;
    /** The instruction after each problem. Default: the reference's. */
    promptSuffix?: string;
    /** The settings fingerprint of each run mode. */
    configOf: (mode: RunMode) => string;
}

/**
 * Lays out a run. A router cell is the student-only or teacher-only solve of the same problem and repeat, so
 * when those modes run too the router costs nothing extra; both views then use the same sample. `router`
 * becomes one row per fraction, in its place among the modes; the fractions share the seeded ranking of
 * `routeToTeacher`, so a larger fraction's teacher problems include a smaller one's and the sweep is one
 * nested mix, reproducible from the seed.
 */
export function planBench(input: PlanInput): BenchPlan {
    const tasks = new Map<string, BenchTask>();
    const fractions = [...new Set(input.routerFractions)];
    if (input.modes.includes("router") && fractions.length === 0) throw new RangeError("the router needs at least one fraction");
    const methods = input.modes.flatMap((mode): PlannedMethod[] =>
        mode === "router" ? fractions.map((routerFraction) => ({ mode, routerFraction, cells: [] as MethodCell[] })) : [{ mode, cells: [] as MethodCell[] }],
    );
    const ids = input.items.map((item) => item.id);
    const prepared = input.items.map((item) => {
        const prompt = benchPrompt(item.problem, input.promptSuffix);
        return { item, prompt, itemHash: itemFingerprint(prompt, item.answer) };
    });
    for (let repeat = 0; repeat < input.repeats; repeat++) {
        const toTeacher = new Map(
            methods.flatMap((method) => (method.routerFraction === undefined ? [] : [[method, routeToTeacher(ids, method.routerFraction, input.seed, repeat)] as const])),
        );
        for (const { item, prompt, itemHash } of prepared) {
            for (const method of methods) {
                const mode: RunMode = method.mode === "router" ? (toTeacher.get(method)!.has(item.id) ? "teacher-only" : "student-only") : method.mode;
                const config = input.configOf(mode);
                const key = resultKey({ mode, id: item.id, repeat, config, item: itemHash });
                if (!tasks.has(key)) tasks.set(key, { key, mode, item, repeat, prompt, config, itemHash });
                method.cells.push({ id: item.id, repeat, key });
            }
        }
    }
    return { tasks: [...tasks.values()], methods };
}
