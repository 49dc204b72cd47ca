import type { BenchProgress } from "./runBench";

/** `3725000` → `1h02m`, `185000` → `3m05s`, `12000` → `12s`. */
export function formatDuration(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
    if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
    return `${s}s`;
}

/**
 * One progress line: a bar over all solves (those found done count as done), the rate of this run, and the
 * time left at that rate. `width` 0 leaves the bar out (for logs).
 */
export function progressLine(progress: BenchProgress, elapsedMs: number, width = 24): string {
    const done = progress.skipped + progress.ran;
    const fraction = progress.total === 0 ? 1 : done / progress.total;
    const left = progress.total - done;
    const filled = Math.round(fraction * width);
    const bar = width > 0 ? `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ` : "";
    const parts = [`${bar}${done}/${progress.total} solves (${Math.floor(fraction * 100)}%)`];
    if (progress.skipped > 0) parts.push(`${progress.skipped} from earlier runs`);
    if (progress.ran > 0) {
        const perSolve = elapsedMs / progress.ran;
        parts.push(`${(perSolve / 1000).toFixed(1)} s/solve`, `ETA ${formatDuration(perSolve * left)}`);
    } else if (left > 0) parts.push("ETA –");
    return parts.join(" · ");
}

/** Where progress goes: a terminal gets one line redrawn in place, anything else a plain line now and then. */
export interface ProgressSink {
    write(text: string): void;
    isTTY?: boolean;
}

/** Shows a run's progress on stderr: a live bar with ETA on a terminal, a line every `intervalMs` otherwise. */
export class ProgressReporter {
    private readonly started: number;
    private lastPrinted = Number.NEGATIVE_INFINITY;
    private drawn = false;

    constructor(
        private readonly sink: ProgressSink,
        /** Milliseconds between plain lines when the sink is not a terminal. Default 10000. */
        private readonly intervalMs = 10_000,
        private readonly now: () => number = Date.now,
    ) {
        this.started = now();
    }

    update(progress: BenchProgress): void {
        const elapsed = this.now() - this.started;
        if (this.sink.isTTY) {
            this.sink.write(`\r${progressLine(progress, elapsed)}\x1b[K`);
            this.drawn = true;
            return;
        }
        const complete = progress.skipped + progress.ran === progress.total;
        if (!complete && this.now() - this.lastPrinted < this.intervalMs) return;
        this.lastPrinted = this.now();
        this.sink.write(`bench: ${progressLine(progress, elapsed, 0)}\n`);
    }

    /** Ends the live line so later output starts on a fresh one. */
    finish(): void {
        if (this.drawn) this.sink.write("\n");
        this.drawn = false;
    }
}
