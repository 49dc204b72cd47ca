import type { ConfidenceTriggerName } from "../../relay";
import type { MethodSummary } from "./summarize";

/** A bench row with the share of the student–teacher gap it recovers. */
export interface ComparisonRow extends MethodSummary {
    /** (accuracy − student-only) / (teacher-only − student-only); null without an accuracy or with no gap. */
    gapRecovered: number | null;
    /** On training-free trigger rows: the random trigger's gap at the same call ratio (`randomGapAt`). */
    randomGapAtSameRatio?: number | null;
}

/** One trigger's best row within the teacher-token budget, against the random trigger at its call ratio. */
export interface TriggerTarget {
    trigger: ConfidenceTriggerName;
    threshold: number;
    callRatio: number;
    gapRecovered: number;
    /** The random trigger's gap at `callRatio`, interpolated on its curve; null outside the curve. */
    randomGapAtSameRatio: number | null;
    /** gapRecovered / randomGapAtSameRatio; null where the random gap is missing or not above 0. */
    timesRandom: number | null;
}

/** Every row of a trigger comparison and what they add up to; written as the comparison's `summary.json`. */
export interface TriggerComparison {
    studentOnly: number | null;
    teacherOnly: number | null;
    /** The teacher-token budget of the targets (call ratio), 0.05. */
    maxCallRatio: number;
    methods: ComparisonRow[];
    /** Per training-free trigger (random excluded), its row recovering the most gap within `maxCallRatio`; absent when none is within it. */
    bestPerTrigger: TriggerTarget[];
    /** The best of `bestPerTrigger`, or null. */
    best: TriggerTarget | null;
}

/** (accuracy − student) / (teacher − student); null when a number is missing or the two baselines are equal. */
export function gapRecovered(accuracy: number | null, student: number | null, teacher: number | null): number | null {
    if (accuracy === null || student === null || teacher === null || teacher === student) return null;
    return (accuracy - student) / (teacher - student);
}

/**
 * The gap at `callRatio` on a curve of (call ratio, gap) points, interpolated linearly between the two points
 * around it; the curve starts at (0, 0) (no calls is the student alone). Null beyond the curve's last point.
 */
export function randomGapAt(points: readonly { callRatio: number; gapRecovered: number | null }[], callRatio: number): number | null {
    const curve = [{ callRatio: 0, gap: 0 }, ...points.flatMap((point) => (point.gapRecovered === null ? [] : [{ callRatio: point.callRatio, gap: point.gapRecovered }]))].sort(
        (a, b) => a.callRatio - b.callRatio,
    );
    for (let i = 1; i < curve.length; i++) {
        const low = curve[i - 1]!;
        const high = curve[i]!;
        if (callRatio < low.callRatio || callRatio > high.callRatio) continue;
        const t = high.callRatio === low.callRatio ? 1 : (callRatio - low.callRatio) / (high.callRatio - low.callRatio);
        return low.gap + t * (high.gap - low.gap);
    }
    return callRatio === 0 ? 0 : null;
}

function isTriggerRow<Row extends MethodSummary>(row: Row): row is Row & { trigger: ConfidenceTriggerName; threshold: number } {
    return row.mode === "confidence" && row.trigger !== undefined && row.threshold !== undefined;
}

/**
 * Puts bench rows together: one student-only and one teacher-only row (the first of each), the router rows
 * and every confidence row with its trigger and threshold. Each row gets its gap recovered; each
 * training-free trigger row the random trigger's gap at its call ratio.
 */
export function compareTriggers(methods: readonly MethodSummary[], maxCallRatio = 0.05): TriggerComparison {
    const student = methods.find((row) => row.mode === "student-only")?.accuracy ?? null;
    const teacher = methods.find((row) => row.mode === "teacher-only")?.accuracy ?? null;
    const withGap = methods.map((row) => ({ ...row, gapRecovered: gapRecovered(row.accuracy, student, teacher) }));
    const random = withGap.filter((row) => isTriggerRow(row) && row.trigger === "random");
    const rows: ComparisonRow[] = withGap.map((row) => (isTriggerRow(row) && row.trigger !== "random" ? { ...row, randomGapAtSameRatio: randomGapAt(random, row.callRatio) } : row));
    const bestPerTrigger: TriggerTarget[] = [];
    const triggers = new Set<ConfidenceTriggerName>(rows.filter(isTriggerRow).map((row) => row.trigger));
    for (const trigger of [...triggers].filter((name) => name !== "random")) {
        const within = rows.filter(isTriggerRow).filter((row) => row.trigger === trigger && row.gapRecovered !== null && row.callRatio <= maxCallRatio);
        const top = within.sort((a, b) => b.gapRecovered! - a.gapRecovered! || a.callRatio - b.callRatio)[0];
        if (top === undefined) continue;
        const randomGap = top.randomGapAtSameRatio ?? null;
        bestPerTrigger.push({
            trigger,
            threshold: top.threshold,
            callRatio: top.callRatio,
            gapRecovered: top.gapRecovered!,
            randomGapAtSameRatio: randomGap,
            timesRandom: randomGap === null || randomGap <= 0 ? null : top.gapRecovered! / randomGap,
        });
    }
    const best = [...bestPerTrigger].sort((a, b) => b.gapRecovered - a.gapRecovered || a.callRatio - b.callRatio)[0] ?? null;
    return { studentOnly: student, teacherOnly: teacher, maxCallRatio, methods: rows, bestPerTrigger, best };
}
