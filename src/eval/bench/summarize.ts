import { priceOf, type ConfidenceTriggerName, type TeacherPrices } from "../../relay";
import { isRelayLike, methodLabel, type BenchMode } from "./benchModes";
import type { BenchPlan } from "./benchPlan";
import { callRatioOfRecords, type BenchRecord, type RecordUsage } from "./benchRecord";
import { averageAtK } from "./averageAtK";
import { summarizeByKind, type KindSummary } from "./kindBreakdown";
import { matchedRouter, type MatchedRouter } from "./matchedRouter";

/** One row of the results table: a method's numbers over the finished solves; token counts are sums. */
export interface MethodSummary extends RecordUsage {
    mode: BenchMode;
    label: string;
    /** Solves the row is made of when complete (problems × repeats). */
    planned: number;
    /** Of those, the finished ones the numbers below cover. */
    finished: number;
    /** avg@K: per problem, the share of its finished repeats judged correct, averaged over problems; null with no results. */
    accuracy: number | null;
    /** Teacher tokens / all generated tokens, summed over the solves (the engine's formula; the student's tokenizer). */
    callRatio: number;
    /** Teacher cost in USD at the run's prices. */
    costUSD: number;
    meanLatencyMs: number | null;
    /** Nearest-rank 95th percentile of the solve latency. */
    p95LatencyMs: number | null;
    /** Finished solves in which the teacher failed at least once. */
    teacherErrorSolves: number;
    /** On `router` rows: the share of problems sent to the teacher. */
    routerFraction?: number;
    /** On `confidence` rows: the training-free trigger and its threshold (when the caller gives them). */
    trigger?: ConfidenceTriggerName;
    threshold?: number;
    /** On relay-like rows (`isRelayLike`): the paper's performance-matched random router, from this run's baselines. */
    matchedRouter?: MatchedRouter;
    /** When the data set's problems carry a `kind` (the test bed's): the row's numbers per kind. */
    byKind?: Record<string, KindSummary>;
}

/** Nearest-rank percentile (p in (0, 100]) of a non-empty list; null for an empty one. */
export function percentile(values: readonly number[], p: number): number | null {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export { averageAtK };

/** Sums one method's finished solves. */
export function summarizeMethod(mode: BenchMode, label: string, planned: number, records: readonly BenchRecord[], prices: TeacherPrices): MethodSummary {
    const verdicts = new Map<string, boolean[]>();
    const sum = { studentTokens: 0, teacherTokens: 0, teacherOutputTokens: 0, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls: 0, costUSD: 0 };
    const latencies: number[] = [];
    let teacherErrorSolves = 0;
    for (const record of records) {
        const list = verdicts.get(record.id) ?? [];
        list.push(record.correct);
        verdicts.set(record.id, list);
        const { usage } = record;
        sum.studentTokens += usage.studentTokens;
        sum.teacherTokens += usage.teacherTokens;
        sum.teacherOutputTokens += usage.teacherOutputTokens;
        sum.teacherPromptTokens += usage.teacherPromptTokens;
        sum.teacherCachedPromptTokens += usage.teacherCachedPromptTokens;
        sum.calls += usage.calls;
        sum.costUSD += priceOf(prices, usage.teacherPromptTokens, usage.teacherCachedPromptTokens, usage.teacherOutputTokens);
        latencies.push(record.latencyMs);
        if (record.teacherErrors.length > 0) teacherErrorSolves++;
    }
    return {
        mode,
        label,
        planned,
        finished: records.length,
        accuracy: averageAtK(verdicts),
        callRatio: callRatioOfRecords(records.map((record) => record.usage)),
        ...sum,
        meanLatencyMs: latencies.length === 0 ? null : latencies.reduce((total, value) => total + value, 0) / latencies.length,
        p95LatencyMs: percentile(latencies, 95),
        teacherErrorSolves,
    };
}

/**
 * Every method's row, in the plan's order, from the stored results (`lookup` finds one by key). Router rows
 * carry their fraction; relay-like rows their matched router against this run's student-only and
 * teacher-only rows (null with a reason where those are missing or the method is not between them).
 */
export function summarizePlan(
    plan: BenchPlan,
    lookup: (key: string) => BenchRecord | undefined,
    prices: TeacherPrices,
    confidence?: { trigger: ConfidenceTriggerName; threshold: number },
): MethodSummary[] {
    const kinds = new Map(plan.tasks.flatMap((task) => (task.item.kind === undefined ? [] : [[task.item.id, task.item.kind] as const])));
    const rows = plan.methods.map(({ mode, routerFraction, cells }) => {
        const records = cells.map((cell) => lookup(cell.key)).filter((record): record is BenchRecord => record !== undefined);
        const summary = summarizeMethod(mode, methodLabel(mode, routerFraction ?? 0), cells.length, records, prices);
        const byKind = summarizeByKind(records, (id) => kinds.get(id));
        const trigger = mode === "confidence" && confidence ? { label: `${summary.label} (${triggerLabel(confidence)})`, ...confidence } : {};
        return { ...summary, ...trigger, ...(routerFraction === undefined ? {} : { routerFraction }), ...(byKind === undefined ? {} : { byKind }) };
    });
    const student = rows.find((row) => row.mode === "student-only");
    const teacher = rows.find((row) => row.mode === "teacher-only");
    return rows.map((row) => (isRelayLike(row.mode) ? { ...row, matchedRouter: matchedRouter(row, student, teacher) } : row));
}

/** `entropy > 1.5 nats`, `top1 < 0.2`, `random p = 0.05`: a trigger and its threshold as the table shows them. */
export function triggerLabel({ trigger, threshold }: { trigger: ConfidenceTriggerName; threshold: number }): string {
    switch (trigger) {
        case "top1":
            return `top1 < ${threshold}`;
        case "margin":
            return `margin < ${threshold}`;
        case "entropy":
            return `entropy > ${threshold} nats`;
        case "step":
            return `step entropy > ${threshold} nats`;
        case "random":
            return `random p = ${threshold}`;
        default:
            return trigger satisfies never;
    }
}
