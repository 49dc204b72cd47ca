// The parts of batched student sequences that need no model: the gate that lines the sessions of one context
// up for one decode step, the pool that lends a context's sequences (best cached prefix first, a spare context
// past the last), and the order-keeping concurrent map the trainer samples rollouts with.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LlamaContext, LlamaContextSequence, Token } from "node-llama-cpp";
import { DecodeStepGate } from "../../src/student/decoding/decodeStepGate";
import { SequencePool } from "../../src/student/model/sequencePool";
import { mapConcurrently } from "../../src/util/mapConcurrently";

/**
 * Which of `pending` have resolved. The gate releases a step one setImmediate after its last arrival, so after
 * two check phases every release that was due has happened: an event-loop order, not a clock.
 */
async function resolvedFlags(pending: Promise<void>[]): Promise<boolean[]> {
    const flags = pending.map(() => false);
    pending.forEach((promise, index) => void promise.then(() => (flags[index] = true)));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return flags;
}

describe("DecodeStepGate", () => {
    it("a session alone in a turn never waits", () => {
        const gate = new DecodeStepGate();
        gate.enter();
        assert.equal(gate.ready(), undefined);
        gate.leave();
    });

    it("releases the sessions in a turn together, once the last one is ready", async () => {
        const gate = new DecodeStepGate();
        gate.enter();
        gate.enter();
        gate.enter();
        const first = [gate.ready()!, gate.ready()!];
        assert.deepEqual(await resolvedFlags(first), [false, false], "two of three ready: nobody goes");
        const third = gate.ready()!;
        assert.deepEqual(await resolvedFlags([...first, third]), [true, true, true]);
    });

    it("a session that ends its turn (its solve now waits for the teacher) is no longer waited for", async () => {
        const gate = new DecodeStepGate();
        gate.enter();
        gate.enter();
        const waiting = gate.ready()!;
        assert.deepEqual(await resolvedFlags([waiting]), [false]);
        gate.leave();
        assert.deepEqual(await resolvedFlags([waiting]), [true]);
    });

    it("a session entering mid-step joins the next step", async () => {
        const gate = new DecodeStepGate();
        gate.enter();
        gate.enter();
        const step = [gate.ready()!, gate.ready()!];
        gate.enter();
        const late = gate.ready()!;
        assert.deepEqual(await resolvedFlags([...step, late]), [true, true, false], "the released step is not held back");
        const next = [gate.ready()!, gate.ready()!];
        assert.deepEqual(await resolvedFlags([late, ...next]), [true, true, true]);
    });
});

/** A context sequence with a token history, as far as the pool looks at one. */
function fakeSequence(history: number[] = []): LlamaContextSequence {
    return {
        get nextTokenIndex() {
            return history.length;
        },
        compareContextTokens(tokens: Token[]) {
            let index = 0;
            while (index < history.length && index < tokens.length && history[index] === tokens[index]) index++;
            return { firstDifferentIndex: index };
        },
        history,
    } as unknown as LlamaContextSequence;
}

function fakeContext(sequences: LlamaContextSequence[]): LlamaContext & { disposed: boolean } {
    let next = 0;
    const context = {
        totalSequences: sequences.length,
        disposed: false,
        getSequence: () => sequences[next++]!,
        dispose: async () => void (context.disposed = true),
    };
    return context as unknown as LlamaContext & { disposed: boolean };
}

const tokens = (...values: number[]) => values as unknown as Token[];

describe("SequencePool", () => {
    it("lends the idle sequence whose cache shares the longest prefix with the prompt", async () => {
        const a = fakeSequence([1, 2, 3]);
        const b = fakeSequence([1, 2, 7, 8]);
        const c = fakeSequence();
        const pool = new SequencePool(fakeContext([a, b, c]), () => Promise.reject(new Error("no spare needed")));
        assert.equal(pool.size, 3);
        const lent = await pool.acquire(tokens(1, 2, 7, 9));
        assert.equal(lent.sequence, b);
        assert.ok(lent.gate, "sequences of a shared context are lined up");
        assert.equal((await pool.acquire(tokens(1, 2, 3))).sequence, a);
        await lent.release();
        assert.equal((await pool.acquire(tokens(1, 2, 7))).sequence, b, "a released sequence comes back with its cache");
    });

    it("past the last sequence a spare one-sequence context is made, and freed when its session ends", async () => {
        const spare = fakeContext([fakeSequence()]);
        const pool = new SequencePool(fakeContext([fakeSequence()]), async () => spare);
        const first = await pool.acquire(tokens(1));
        assert.equal(first.gate, undefined, "a one-sequence context has nobody to line up with");
        const second = await pool.acquire(tokens(1));
        assert.notEqual(second.sequence, first.sequence);
        await second.release();
        assert.equal(spare.disposed, true);
    });

    it("dispose frees the shared context and the spares in use", async () => {
        const shared = fakeContext([fakeSequence()]);
        const spare = fakeContext([fakeSequence()]);
        const pool = new SequencePool(shared, async () => spare);
        await pool.acquire(tokens(1));
        await pool.acquire(tokens(1));
        await pool.dispose();
        assert.equal(shared.disposed, true);
        assert.equal(spare.disposed, true);
    });
});

describe("mapConcurrently", () => {
    it("keeps the items' order and never runs more than the limit at once", async () => {
        let running = 0;
        let most = 0;
        const results = await mapConcurrently([30, 10, 20, 0, 5], 2, async (delay, index) => {
            running++;
            most = Math.max(most, running);
            await new Promise((resolve) => setTimeout(resolve, delay));
            running--;
            return index * 10;
        });
        assert.deepEqual(results, [0, 10, 20, 30, 40]);
        assert.equal(most, 2);
    });

    it("starts nothing after a failure and rethrows it once the calls in flight have ended", async () => {
        const started: number[] = [];
        let inFlightEnded = false;
        const failure = mapConcurrently([0, 1, 2, 3], 2, async (item) => {
            started.push(item);
            if (item === 0) throw new Error("rollout 0 failed");
            await new Promise((resolve) => setTimeout(resolve, 5));
            inFlightEnded = true;
        });
        await assert.rejects(failure, /rollout 0 failed/);
        assert.deepEqual(started, [0, 1]);
        assert.equal(inFlightEnded, true);
    });
});
