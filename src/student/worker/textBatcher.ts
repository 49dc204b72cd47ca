/** The longest a streamed delta waits to be batched with the next ones, in milliseconds. */
export const defaultTextBatchIntervalMs = 8;

/**
 * Coalesces streamed text so a fast model does not pay one IPC message per token: a delta goes out at
 * once when the previous message left at least `intervalMs` ago, else it waits at most that long to
 * travel together with the deltas after it. Slow models therefore see no added latency.
 */
export class TextBatcher {
    private buffer = "";
    private timer: NodeJS.Timeout | undefined;
    private lastSent = -Infinity;

    constructor(
        private readonly sink: (text: string) => void,
        private readonly intervalMs = defaultTextBatchIntervalMs
    ) {}

    push(text: string): void {
        this.buffer += text;
        if (this.timer !== undefined) return;
        const wait = this.lastSent + this.intervalMs - performance.now();
        if (wait <= 0) this.flush();
        else this.timer = setTimeout(() => this.flush(), wait);
    }

    /** Sends whatever is buffered now (call before the turn's result so text arrives first). */
    flush(): void {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = undefined;
        if (this.buffer === "") return;
        const text = this.buffer;
        this.buffer = "";
        this.lastSent = performance.now();
        this.sink(text);
    }
}
