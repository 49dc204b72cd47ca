import type { BenchShard } from "./benchShard";
import type { MethodSummary } from "./summarize";

/** What a run's table and plot show; also written as `summary.json`. */
export interface BenchReport {
    /** Data set name (file name without `.jsonl`). */
    dataset: string;
    problems: number;
    /** K of avg@K. */
    repeats: number;
    /** The student's model name. */
    student: string;
    /** The teacher's model name and URL; absent without a teacher. */
    teacher?: string;
    /** Whether the student is marked relay-trained (else relay mode calls only when it writes a command by chance). */
    relayTrained: boolean;
    /** The router rows' shares of problems sent to the teacher (`--router-fractions`), in row order. */
    routerFractions: number[];
    methods: MethodSummary[];
    /** When the table covers one shard of a split run (`bench --shard`): which. Absent for a whole run. */
    shard?: BenchShard;
    /** ISO time the report was made. */
    generatedAt: string;
}

/** Milliseconds as seconds with two decimals; `null` → `–`. */
export function formatSeconds(ms: number | null): string {
    return ms === null ? "–" : (ms / 1000).toFixed(2);
}
