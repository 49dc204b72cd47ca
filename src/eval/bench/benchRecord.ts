import * as v from "valibot";
import { SOLVE_STOP_REASONS, TEACHER_ERROR_KINDS, type TeacherErrorKind } from "../../relay";
import { describedObject, schemaProblem } from "../../util/schema";
import { BENCH_MODES, type RunMode } from "./benchModes";

const usageNumber = v.number('"usage" must hold the token counts');
/** The token counts of one solve that the table sums (cost is priced at report time). */
const recordUsageSchema = v.object(
    {
        studentTokens: usageNumber,
        teacherTokens: usageNumber,
        teacherOutputTokens: usageNumber,
        teacherPromptTokens: usageNumber,
        teacherCachedPromptTokens: usageNumber,
        calls: usageNumber,
        /** Under a protocol that grades the transcript (the reference): its re-encoding, the call ratio's denominator. */
        transcriptTokens: v.optional(usageNumber),
    },
    '"usage" must hold the token counts',
);
export type RecordUsage = v.InferOutput<typeof recordUsageSchema>;

/**
 * The call ratio's denominator for one solve: every generated token, or under the reference the transcript
 * re-encoded (its `total_tokens`: command text and `[Error: …]` lines included).
 */
export function ratioDenominator(usage: RecordUsage): number {
    return usage.transcriptTokens ?? usage.studentTokens + usage.teacherTokens;
}

/** Σ teacher tokens / Σ denominators over solves: the reference's `real_call_tokens_ratio`, ours when no transcript is counted. */
export function callRatioOfRecords(usages: readonly RecordUsage[]): number {
    let teacher = 0;
    let total = 0;
    for (const usage of usages) {
        teacher += usage.teacherTokens;
        total += ratioDenominator(usage);
    }
    return total === 0 ? 0 : teacher / total;
}

const RUN_MODES = BENCH_MODES.filter((mode): mode is RunMode => mode !== "router");
const text = (field: string) => v.string(`"${field}" must be a string`);

/** One finished solve: a line of `results.jsonl`. Fields are checked in this order; the first problem is reported. */
const benchRecordSchema = describedObject(
    {
        mode: v.picklist(RUN_MODES, (issue) => `unknown mode ${JSON.stringify(issue.input)}`),
        /** The problem's id in the data set. */
        id: text("id"),
        /** Fingerprint of the settings the result depends on (see `configFingerprint`). */
        config: text("config"),
        /** Fingerprint of the prompt and reference answer (see `itemFingerprint`). */
        item: text("item"),
        /** The reference answer. */
        answer: text("answer"),
        /** What the grader took from the answer text as the final answer (cut at 200 characters). */
        extracted: text("extracted"),
        /** What was graded: the answer (commands removed), or under the reference protocol its transcript. */
        text: text("text"),
        stopReason: v.picklist(SOLVE_STOP_REASONS, (issue) => `"stopReason" must be one of ${SOLVE_STOP_REASONS.join(", ")}, got ${JSON.stringify(issue.input)}`),
        /** 0-based repeat index (avg@K runs K repeats). */
        repeat: v.pipe(v.number('"repeat" must be a non-negative integer'), v.integer('"repeat" must be a non-negative integer'), v.minValue(0, '"repeat" must be a non-negative integer')),
        /** The grader's verdict on `text` against `answer`. */
        correct: v.boolean('"correct" must be a boolean'),
        /** Wall-clock time of the solve (student start to last token), milliseconds; grading not included. */
        latencyMs: v.number('"latencyMs" must be a number'),
        /** The kind of each teacher failure in the solve, in order (empty when none). */
        teacherErrors: v.array(v.picklist(TEACHER_ERROR_KINDS, '"teacherErrors" must list teacher error kinds'), '"teacherErrors" must be an array'),
        usage: recordUsageSchema,
        /** The first teacher failure's message. */
        teacherError: v.optional(text("teacherError")),
        /** ISO time the record was written. */
        finishedAt: text("finishedAt"),
    },
    "not a benchmark result object",
);
export type BenchRecord = v.InferOutput<typeof benchRecordSchema>;

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

/** Why a stored line is not a BenchRecord, or undefined. */
export function benchRecordProblem(value: unknown): string | undefined {
    return schemaProblem(benchRecordSchema, value);
}
