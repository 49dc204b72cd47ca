import { solve, type RelayOptions, type Student, type Teacher, type TeacherErrorKind } from "../../relay";
import { grade } from "../grader";
import { gradeExact, type GraderName } from "../grader/exactMatch";
import type { ExtractMode } from "../grader/types";
import { engineModeOf } from "./benchModes";
import type { BenchPlan, BenchTask } from "./benchPlan";
import { isSettled, type BenchRecord } from "./benchRecord";
import type { ResultsStore } from "./resultsStore";

/** Engine options every solve of the run shares; mode, models, prompt, seed and signal are set per solve. */
export type SharedRelayOptions = Omit<RelayOptions, "student" | "teacher" | "userPrompt" | "mode" | "signal" | "seed">;

/** Where a run stands, for a progress display. */
export interface BenchProgress {
    /** Solves in the plan. */
    total: number;
    /** Solves found finished in the results file when the run started. */
    skipped: number;
    /** Solves finished by this run. */
    ran: number;
    /** Solves in flight. */
    running: number;
    /** The solve that just finished, when this report is about one. */
    finished?: BenchRecord;
}

export interface RunBenchOptions {
    plan: BenchPlan;
    store: ResultsStore;
    student: Student;
    /** Needed by every mode but student-only. */
    teacher?: Teacher;
    relayOptions: SharedRelayOptions;
    /** Repeat r samples with seed `seed + r`. */
    seed: number;
    /** Solves in flight at once. Default 1. */
    concurrency?: number;
    /** How answers are judged. Default `math`. */
    grader?: GraderName;
    /** Math grader: the last box (default) or the first (the reference's). */
    extract?: ExtractMode;
    /** Also redo stored solves in which the teacher failed for a lasting reason. Default false. */
    retryTeacherErrors?: boolean;
    /** Stops the run: solves in flight are cancelled and not stored. */
    signal?: AbortSignal;
    onProgress?: (progress: BenchProgress) => void;
}

export interface BenchRunOutcome {
    skipped: number;
    ran: number;
    /** True when `signal` stopped the run before every solve was done. */
    aborted: boolean;
}

/** Longest `extracted` kept: with no answer found it is the whole text, which `text` already holds. */
const EXTRACTED_MAX_CHARS = 200;

function clip(text: string): string {
    return text.length <= EXTRACTED_MAX_CHARS ? text : `${text.slice(0, EXTRACTED_MAX_CHARS)}…`;
}

/** Runs one solve and grades it; undefined when it was cancelled. */
async function runTask(task: BenchTask, options: RunBenchOptions, signal: AbortSignal): Promise<BenchRecord | undefined> {
    const teacherErrors: TeacherErrorKind[] = [];
    let teacherError: string | undefined;
    const started = performance.now();
    const result = await solve(
        {
            ...options.relayOptions,
            student: options.student,
            teacher: task.mode === "student-only" ? undefined : options.teacher,
            userPrompt: task.prompt,
            mode: engineModeOf(task.mode),
            seed: options.seed + task.repeat,
            signal,
        },
        (event) => {
            if (event.type !== "teacher-error") return;
            teacherErrors.push(event.kind);
            teacherError ??= event.message;
        },
    );
    const latencyMs = performance.now() - started;
    if (result.stopReason === "aborted" || signal.aborted) return undefined;
    // The reference grades what it wrote, commands and error lines included; ours grades what the user reads.
    const graded = result.transcript?.text ?? result.text;
    const verdict = options.grader === "exact" ? gradeExact(task.item.answer, graded) : await grade(task.item.answer, graded, { extract: options.extract });
    const { studentTokens, teacherTokens, teacherOutputTokens, teacherPromptTokens, teacherCachedPromptTokens, calls } = result.usage;
    const transcriptTokens = result.transcript === undefined ? {} : { transcriptTokens: result.transcript.tokens };
    return {
        mode: task.mode,
        id: task.item.id,
        repeat: task.repeat,
        config: task.config,
        item: task.itemHash,
        correct: verdict.equal,
        answer: task.item.answer,
        extracted: clip(verdict.pred.extracted),
        text: graded,
        stopReason: result.stopReason,
        usage: { studentTokens, teacherTokens, teacherOutputTokens, teacherPromptTokens, teacherCachedPromptTokens, calls, ...transcriptTokens },
        teacherErrors,
        ...(teacherError === undefined ? {} : { teacherError }),
        latencyMs: Math.round(latencyMs),
        finishedAt: new Date().toISOString(),
    };
}

/**
 * Runs every solve of the plan that the results file does not hold yet, `concurrency` at a time, appending
 * each result as it finishes. A solve that throws (the student crashed) stops the run and is rethrown once
 * the solves in flight have ended; what finished before stays stored.
 */
export async function runBench(options: RunBenchOptions): Promise<BenchRunOutcome> {
    const pending = options.plan.tasks.filter((task) => {
        const stored = options.store.get(task.key);
        return stored === undefined || !isSettled(stored, options.retryTeacherErrors);
    });
    const progress: BenchProgress = { total: options.plan.tasks.length, skipped: options.plan.tasks.length - pending.length, ran: 0, running: 0 };
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) stop.abort();
    let failure: { error: unknown } | undefined;
    let next = 0;

    const worker = async (): Promise<void> => {
        while (!stop.signal.aborted && next < pending.length) {
            const task = pending[next++]!;
            progress.running++;
            try {
                const record = await runTask(task, options, stop.signal);
                if (record) {
                    options.store.append(record);
                    progress.ran++;
                }
                progress.running--;
                options.onProgress?.({ ...progress, finished: record });
            } catch (error) {
                progress.running--;
                failure ??= { error };
                stop.abort();
            }
        }
    };

    options.onProgress?.({ ...progress });
    try {
        await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, pending.length)) }, worker));
    } finally {
        options.signal?.removeEventListener("abort", onAbort);
    }
    if (failure) throw failure.error;
    return { skipped: progress.skipped, ran: progress.ran, aborted: progress.ran < pending.length };
}
