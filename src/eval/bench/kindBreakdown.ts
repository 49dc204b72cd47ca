
import { averageAtK } from "./averageAtK";
import { callRatioOfRecords, type BenchRecord } from "./benchRecord";

/** One method's numbers over the solves of one item kind. */
export interface KindSummary {
    /** Finished solves of this kind. */
    solves: number;
    /** avg@K over the kind's problems; null with no solves. */
    accuracy: number | null;
    /** Teacher tokens / all generated tokens over the kind's solves. */
    callRatio: number;
    /** Share of the kind's solves with at least one teacher call (teacher-only solves count as calling). */
    callRate: number;
}

/**
 * Splits one method's finished solves by the kind of their problem (`kindOf`: problem id → kind, undefined
 * for a problem without one). Undefined when no solve has a kind, so data sets without kinds add nothing.
 */
export function summarizeByKind(records: readonly BenchRecord[], kindOf: (id: string) => string | undefined): Record<string, KindSummary> | undefined {
    const groups = new Map<string, BenchRecord[]>();
    for (const record of records) {
        const kind = kindOf(record.id);
        if (kind === undefined) continue;
        groups.set(kind, [...(groups.get(kind) ?? []), record]);
    }
    if (groups.size === 0) return undefined;
    const out: Record<string, KindSummary> = {};
    for (const [kind, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        const verdicts = new Map<string, boolean[]>();
        let calling = 0;
        for (const record of group) {
            verdicts.set(record.id, [...(verdicts.get(record.id) ?? []), record.correct]);
            if (record.usage.calls > 0 || record.mode === "teacher-only") calling++;
        }
        out[kind] = { solves: group.length, accuracy: averageAtK(verdicts), callRatio: callRatioOfRecords(group.map((record) => record.usage)), callRate: calling / group.length };
    }
    return out;
}
