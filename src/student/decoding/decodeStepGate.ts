/**
 * Lines up the sessions of one context so that their next tokens reach llama.cpp in one batch.
 * node-llama-cpp decodes whatever is queued when it dispatches, and a sequence whose token came back first
 * queues its next one before the others have theirs: left alone, two sessions alternate in batches of one
 * for ever and eight settle into batches of seven and one. So each session in a turn waits here before it asks
 * for its next token, and the last one to arrive releases them all together, one event-loop turn later (by
 * then node-llama-cpp's dispatch loop has found its queue empty and stopped), so they are dispatched as one
 * batch. A session between turns (its solve is waiting for the teacher) is not waited for.
 */
export class DecodeStepGate {
    /** Sessions inside a turn. */
    private inTurn = 0;
    private waiting: (() => void)[] = [];

    /** A session starts a turn. */
    enter(): void {
        this.inTurn++;
    }

    /** A session ends its turn (in a `finally`: a session that left without saying so would stall the rest). */
    leave(): void {
        this.inTurn--;
        this.releaseIfAllWaiting();
    }

    /**
     * Waits until every session in a turn is ready for its next token. Returns undefined (nothing to wait
     * for) when this session is the only one in a turn, so a lone session pays nothing.
     */
    ready(): Promise<void> | undefined {
        if (this.inTurn <= 1 && this.waiting.length === 0) return undefined;
        const released = new Promise<void>((resolve) => this.waiting.push(resolve));
        this.releaseIfAllWaiting();
        return released;
    }

    private releaseIfAllWaiting(): void {
        if (this.waiting.length === 0 || this.waiting.length < this.inTurn) return;
        const step = this.waiting;
        this.waiting = [];
        setImmediate(() => {
            for (const release of step) release();
        });
    }
}
