import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    CONFIDENCE_TRIGGERS,
    ConfigError,
    DEFAULT_TRIGGER_THRESHOLDS,
    distributionStats,
    isStepStart,
    PROTOCOL_DEFAULTS,
    randomTriggerSeed,
    resolveRelayOptions,
    seededUniform,
    triggerFires,
    type Student,
    type TokenSignal,
} from "../../src/relay";

// Scripted distributions (no model): a peaked one and a flat one over four tokens.
const peaked = [0.97, 0.01, 0.01, 0.01];
const flat = [0.25, 0.25, 0.25, 0.25];
const signal = (probabilities: number[], stepStart = false): TokenSignal => ({ confidence: probabilities[0], probabilities, stepStart });
const never = () => {
    throw new Error("only the random trigger draws");
};

describe("training-free triggers", () => {
    it("computes entropy in nats and the top-2 margin, renormalizing a filtered candidate list", () => {
        assert.ok(Math.abs(distributionStats(flat).entropy - Math.log(4)) < 1e-12);
        assert.equal(distributionStats(flat).margin, 0);
        assert.ok(Math.abs(distributionStats([0.6, 0.2]).margin - 0.5) < 1e-12); // (0.6 − 0.2) / 0.8
        assert.deepEqual(distributionStats([1]), { entropy: 0, margin: 1 });
        assert.ok(Math.abs(distributionStats([0.5, 0.5]).entropy - distributionStats([0.1, 0.1]).entropy) < 1e-12);
    });

    it("top1 fires below its threshold on the sampled token's probability, entropy above, margin below", () => {
        assert.equal(triggerFires("top1", 0.5, signal(flat), never), true);
        assert.equal(triggerFires("top1", 0.5, signal(peaked), never), false);
        assert.equal(triggerFires("entropy", 1.0, signal(flat), never), true); // ln 4 = 1.386
        assert.equal(triggerFires("entropy", 1.5, signal(flat), never), false);
        assert.equal(triggerFires("entropy", 1.0, signal(peaked), never), false);
        assert.equal(triggerFires("margin", 0.2, signal(flat), never), true);
        assert.equal(triggerFires("margin", 0.2, signal(peaked), never), false);
        // A signal that the pass did not read out never fires.
        assert.equal(triggerFires("entropy", 0, { stepStart: true }, never), false);
        assert.equal(triggerFires("top1", 1, { stepStart: true }, never), false);
    });

    it("step decides only at the first token of the answer or of a sentence", () => {
        assert.equal(triggerFires("step", 1.0, signal(flat, false), never), false);
        assert.equal(triggerFires("step", 1.0, signal(flat, true), never), true);
        assert.equal(triggerFires("step", 1.0, signal(peaked, true), never), false);
        assert.equal(isStepStart("The pet was a", true), true);
        assert.equal(isStepStart("The pet was a", false), false);
        for (const text of ["It was a bird.", "It was a bird. ", "Why?", 'He said "no!" ', "Step 1\n", "so 3 = 3.)"]) assert.equal(isStepStart(text, false), true, text);
        for (const text of ["3.5", "the pet", "a, "]) assert.equal(isStepStart(text, false), false, text);
    });

    it("random calls at its rate, reproducibly from the seed", () => {
        const draws = (seed: number) => {
            const draw = seededUniform(seed);
            return Array.from({ length: 4000 }, () => triggerFires("random", 0.05, signal(peaked), draw));
        };
        const calls = draws(7).filter(Boolean).length;
        assert.ok(calls > 4000 * 0.04 && calls < 4000 * 0.06, `${calls} calls`);
        assert.deepEqual(draws(7), draws(7));
        assert.notDeepEqual(draws(7), draws(8));
        assert.equal(triggerFires("random", 0, signal(flat), seededUniform(1)), false);
    });

    it("random draws differ between the prompts of one seed (a bench's problems), and repeat for the same prompt", () => {
        const firstCall = (prompt: number[]) => {
            const draw = seededUniform(randomTriggerSeed(0, prompt));
            for (let position = 0; position < 1000; position++) if (triggerFires("random", 0.05, signal(peaked), draw)) return position;
            return -1;
        };
        const prompts = Array.from({ length: 200 }, (_, i) => [1, 400 + i, 7, i % 3]);
        const positions = prompts.map(firstCall);
        assert.ok(new Set(positions).size > 30, `first calls at ${new Set(positions).size} distinct positions`);
        // The first draw fires with probability 0.05: about 10 of 200, not all (as one shared stream would).
        const atFirst = positions.filter((position) => position === 0).length;
        assert.ok(atFirst < 25, `${atFirst} of 200 call at the first token`);
        assert.deepEqual(prompts.map(firstCall), positions);
        assert.notEqual(randomTriggerSeed(0, [1, 2, 3]), randomTriggerSeed(1, [1, 2, 3]));
        assert.notEqual(randomTriggerSeed(0, [1, 2, 3]), randomTriggerSeed(0, [1, 3, 2]));
    });
});

describe("trigger options", () => {
    const student = { info: { name: "scripted", relayTrained: false } } as unknown as Student;
    const resolve = (confidence: object) => resolveRelayOptions({ student, userPrompt: "q", confidence }).confidence;

    it("defaults to top1 at 0.2 with a 16-token cooldown after a call; a named trigger takes its own default", () => {
        assert.deepEqual(resolve({}), { trigger: "top1", threshold: 0.2, callTokens: 32, cooldownTokens: 16 });
        assert.deepEqual(PROTOCOL_DEFAULTS.reference.confidence, PROTOCOL_DEFAULTS.relay.confidence);
        for (const trigger of CONFIDENCE_TRIGGERS) assert.equal(resolve({ trigger }).threshold, DEFAULT_TRIGGER_THRESHOLDS[trigger]);
        assert.equal(resolve({ trigger: "entropy", threshold: 2.5, cooldownTokens: 0 }).threshold, 2.5);
    });

    it("rejects an unknown trigger and thresholds out of range", () => {
        assert.throws(() => resolve({ trigger: "vibes" }), (error: unknown) => error instanceof ConfigError && /unknown trigger "vibes"/.test(error.message));
        assert.throws(() => resolve({ trigger: "top1", threshold: 1.5 }), ConfigError);
        assert.throws(() => resolve({ trigger: "random", threshold: -0.1 }), ConfigError);
        assert.throws(() => resolve({ trigger: "entropy", threshold: Number.POSITIVE_INFINITY }), ConfigError);
        assert.throws(() => resolve({ cooldownTokens: -1 }), ConfigError);
    });
});
