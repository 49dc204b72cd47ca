import type { SolveStopReason, SolveUsage, TeacherErrorKind } from "../../relay";
import { BENCH_MODES, type RunMode } from "./benchModes";

/** The token counts of one solve that the table sums (cost is priced at report time). */
export type RecordUsage = Pick<SolveUsage, "studentTokens" | "teacherTokens" | "teacherOutputTokens" | "teacherPromptTokens" | "teacherCachedPromptTokens" | "calls">;

/** One finished solve: a line of `results.jsonl`. */
export interface BenchRecord {
    mode: RunMode;
    /** The problem's id in the data set. */
    id: string;
    /** 0-based repeat index (avg@K runs K repeats). */
    repeat: number;
    /** Fingerprint of the settings the result depends on (see `configFingerprint`). */
    config: string;
    /** Fingerprint of the prompt and reference answer (see `itemFingerprint`). */
    item: string;
    /** The grader's verdict on `text` against `answer`. */
    correct: boolean;
    /** The reference answer. */
    answer: string;
    /** What the grader took from the answer text as the final answer (cut at 200 characters). */
    extracted: string;
    /** The answer, commands removed. */
    text: string;
    stopReason: SolveStopReason;
    usage: RecordUsage;
    /** The kind of each teacher failure in the solve, in order (empty when none). */
    teacherErrors: TeacherErrorKind[];
    /** The first teacher failure's message. */
    teacherError?: string;
    /** Wall-clock time of the solve (student start to last token), milliseconds; grading not included. */
    latencyMs: number;
    /** ISO time the record was written. */
    finishedAt: string;
}

/** Teacher failures that a later run may not see again: resuming retries solves that had one. */
const TRANSIENT_TEACHER_ERRORS: readonly TeacherErrorKind[] = ["unreachable", "timeout", "rate-limit", "server"];

/**
 * Whether a stored result counts as done on resume. A solve in which the teacher failed for a passing reason
 * (unreachable, timeout, rate limit, 5xx) is redone; with `retryTeacherErrors`, any teacher failure is.
 */
export function isSettled(record: BenchRecord, retryTeacherErrors = false): boolean {
    if (record.teacherErrors.length === 0) return true;
    if (retryTeacherErrors) return false;
    return !record.teacherErrors.some((kind) => TRANSIENT_TEACHER_ERRORS.includes(kind));
}

const usageFields: (keyof RecordUsage)[] = ["studentTokens", "teacherTokens", "teacherOutputTokens", "teacherPromptTokens", "teacherCachedPromptTokens", "calls"];

/** Why a stored line is not a BenchRecord, or undefined. */
export function benchRecordProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null) return "not a benchmark result object";
    const record = value as Partial<Record<keyof BenchRecord, unknown>>;
    if (typeof record.mode !== "string" || record.mode === "router" || !BENCH_MODES.includes(record.mode as RunMode)) return `unknown mode ${JSON.stringify(record.mode)}`;
    for (const field of ["id", "config", "item", "answer", "extracted", "text", "stopReason"] as const) {
        if (typeof record[field] !== "string") return `"${field}" must be a string`;
    }
    if (!Number.isInteger(record.repeat) || (record.repeat as number) < 0) return "\"repeat\" must be a non-negative integer";
    if (typeof record.correct !== "boolean") return "\"correct\" must be a boolean";
    if (typeof record.latencyMs !== "number") return "\"latencyMs\" must be a number";
    if (!Array.isArray(record.teacherErrors)) return "\"teacherErrors\" must be an array";
    const usage = record.usage as Record<string, unknown> | undefined;
    if (typeof usage !== "object" || usage === null || usageFields.some((field) => typeof usage[field] !== "number")) return "\"usage\" must hold the token counts";
    return undefined;
}
