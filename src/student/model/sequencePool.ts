import type { LlamaContext, LlamaContextSequence, Token } from "node-llama-cpp";
import { DecodeStepGate } from "../decoding/decodeStepGate";

/** A context sequence lent to one session. */
export interface LentSequence {
    sequence: LlamaContextSequence;
    /** Lines the sequence's decode steps up with the other sequences of its context; absent when it has none. */
    gate?: DecodeStepGate;
    /** Gives the sequence back, its KV cache kept for the next session (a spare context is freed instead). */
    release(): Promise<void>;
}

/**
 * The student's context sequences. The shared context holds `totalSequences` of them, and node-llama-cpp
 * evaluates the pending tokens of all of its sequences in one llama.cpp batch: concurrent sessions share each
 * decode instead of taking turns on separate contexts, and a session with nothing to evaluate (its solve is
 * waiting for the teacher) has nothing in the batch, so it holds up no one. A sequence keeps its KV cache
 * between sessions; a new session gets the idle one whose cache shares the longest prefix with its prompt.
 * When every sequence is lent, an extra session gets a one-sequence spare context, freed when it ends.
 */
export class SequencePool {
    /** Idle sequences of the shared context, with their caches. */
    private readonly idle: LlamaContextSequence[];
    private readonly gate: DecodeStepGate | undefined;
    private readonly spares = new Set<LlamaContext>();
    private disposed = false;

    constructor(
        private readonly shared: LlamaContext,
        /** Makes a one-sequence context for a session beyond the shared context's sequences. */
        private readonly createSpare: () => Promise<LlamaContext>
    ) {
        this.idle = Array.from({ length: shared.totalSequences }, () => shared.getSequence());
        this.gate = shared.totalSequences > 1 ? new DecodeStepGate() : undefined;
    }

    /** Sequences in the shared context, decoded together. */
    get size(): number {
        return this.shared.totalSequences;
    }

    /** Lends the idle sequence whose cache best matches `prompt`, or a spare context's sequence when none is idle. */
    async acquire(prompt: readonly Token[]): Promise<LentSequence> {
        const index = this.bestIdle(prompt);
        if (index >= 0) {
            const [sequence] = this.idle.splice(index, 1) as [LlamaContextSequence];
            return { sequence, gate: this.gate, release: async () => this.giveBack(sequence) };
        }
        const spare = await this.createSpare();
        this.spares.add(spare);
        return {
            sequence: spare.getSequence(),
            release: async () => {
                this.spares.delete(spare);
                await spare.dispose();
            }
        };
    }

    /** Frees every context; lent sequences must have been released or their sessions disposed first. */
    async dispose(): Promise<void> {
        this.disposed = true;
        this.idle.length = 0;
        await Promise.all([...this.spares].map((spare) => spare.dispose()));
        this.spares.clear();
        await this.shared.dispose();
    }

    /** Index of the idle sequence sharing the longest prefix with `prompt` (the first on a tie), or -1. */
    private bestIdle(prompt: readonly Token[]): number {
        let best = -1;
        let bestShared = -1;
        for (const [index, sequence] of this.idle.entries()) {
            const shared = sequence.nextTokenIndex === 0 ? 0 : sequence.compareContextTokens([...prompt]).firstDifferentIndex;
            if (shared > bestShared) [best, bestShared] = [index, shared];
        }
        return best;
    }

    private giveBack(sequence: LlamaContextSequence): void {
        if (!this.disposed) this.idle.push(sequence);
    }
}
