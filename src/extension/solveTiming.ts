import type { RelayEvent, SolveResult } from "../relay";

/**
 * When a solve's milestones happened, for one line in the Relay output channel: how long until the relay loop could
 * start (the student's worker and model, loaded once per session, and the teacher's settings), until the student's
 * first text, and until the end. A user who finds the panel
 * slow can tell a cold model from a slow decode; the e2e prints the first-text figure beside the panel's own.
 */
export class SolveTiming {
    private readonly started: number;
    private readyAt?: number;
    private firstText?: number;

    constructor(private readonly now: () => number = () => performance.now()) {
        this.started = now();
    }

    /** The student is loaded and the relay loop starts. */
    ready(): void {
        this.readyAt ??= this.now();
    }

    observe(event: RelayEvent): void {
        if (event.type === "student-text" && event.text.length > 0) this.firstText ??= this.now();
    }

    /** "solve: ready in 1204 ms · first student text 312 ms later · done after 2530 ms · 48 student tokens (eos)". */
    line(result: SolveResult): string {
        const ms = (value: number) => `${Math.round(value)} ms`;
        const ready = this.readyAt ?? this.started;
        const parts = [`solve: ready in ${ms(ready - this.started)}`];
        parts.push(this.firstText === undefined ? "no student text" : `first student text ${ms(this.firstText - ready)} later`);
        parts.push(`done after ${ms(this.now() - this.started)}`, `${result.usage.studentTokens} student tokens (${result.stopReason})`);
        return parts.join(" · ");
    }
}
