import type { ResolvedMode } from "../../relay";

/**
 * What a benchmark compares (the rows of the paper's table).
 * - `student-only`: the plain student, the paper's "Base Model": no teacher and no bias of any kind (engine
 *   mode `learned` without a teacher: a command it writes anyway is denied and removed, nothing else changes).
 * - `teacher-only`: the teacher writes the whole answer.
 * - `relay`: the student calls the teacher with the `<call>n</call>` commands it learned (engine mode `learned`).
 * - `confidence`: the student calls the teacher on low-confidence tokens (for students never trained on commands).
 * - `router`: the query-level random router: a seeded fraction of the problems goes wholly to the teacher,
 *   the rest to the student alone. It runs nothing of its own: it is made of student-only and teacher-only results.
 */
export type BenchMode = "student-only" | "teacher-only" | "relay" | "confidence" | "router";

/** The modes that run the engine; `router` results are student-only and teacher-only results. */
export type RunMode = Exclude<BenchMode, "router">;

export const BENCH_MODES: readonly BenchMode[] = ["student-only", "teacher-only", "relay", "confidence", "router"];

/** The `--modes` default: the paper's comparison. */
export const DEFAULT_BENCH_MODES: readonly BenchMode[] = ["student-only", "relay", "teacher-only", "router"];

const ENGINE_MODE: Record<RunMode, ResolvedMode> = {
    "student-only": "learned",
    "teacher-only": "teacher-only",
    relay: "learned",
    confidence: "confidence",
};

/** The engine mode a benchmark mode runs as. */
export function engineModeOf(mode: RunMode): ResolvedMode {
    return ENGINE_MODE[mode];
}

/** Whether results of this mode depend on the teacher. */
export function usesTeacher(mode: BenchMode): boolean {
    return mode !== "student-only";
}

/**
 * Whether a mode is measured against the performance-matched random router: every mode that mixes student
 * and teacher within a solve (relay, confidence, and any added later), not the two baselines or the router.
 */
export function isRelayLike(mode: BenchMode): boolean {
    return usesTeacher(mode) && mode !== "teacher-only" && mode !== "router";
}

/** A router fraction as a percentage with at most one decimal (0.125 → 12.5), so a sweep's labels stay distinct. */
export function routerPercent(fraction: number): number {
    return Number((fraction * 100).toFixed(1));
}

/** The method's name in the table and the plot. */
export function methodLabel(mode: BenchMode, routerFraction: number): string {
    switch (mode) {
        case "student-only":
            return "Student only";
        case "teacher-only":
            return "Teacher only";
        case "relay":
            return "RelayLLM (learned calls)";
        case "confidence":
            return "Confidence calls";
        case "router":
            return `Random router (${routerPercent(routerFraction)} % to teacher)`;
        default:
            return mode satisfies never;
    }
}
