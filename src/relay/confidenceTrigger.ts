import { ConfigError } from "./errors";

/**
 * Training-free triggers: when a student never trained on `<call>n</call>` hands the next tokens to the
 * teacher. Every signal comes from the distribution the student samples its next token from, in the same
 * decode pass (node-llama-cpp's `evaluateWithMetadata`), so no token is ever evaluated twice.
 * - `top1`: the sampled token's probability is below the threshold (the original confidence mode).
 * - `entropy`: the next-token distribution's entropy, in nats, is above the threshold.
 * - `margin`: the two most likely tokens' probabilities differ by less than the threshold.
 * - `step`: like `entropy`, but decided only at the first token of the answer or of a sentence / reasoning
 *   step (after `.`, `!`, `?` or a line break), as GlimpRouter (arXiv 2601.05110) does with first-token entropy.
 * - `random`: each token calls with probability = the threshold (seeded): the baseline every trigger must beat.
 */
export type ConfidenceTriggerName = "top1" | "entropy" | "margin" | "step" | "random";
export const CONFIDENCE_TRIGGERS: readonly ConfidenceTriggerName[] = ["top1", "entropy", "margin", "step", "random"];

/**
 * Each trigger's default threshold. top1 0.2 is the original confidence default; entropy / step 1.0 nat and
 * margin 0.2 fire on a distribution about as flat as top-1 0.2 does on ordinary text; random 0.05 is a 5 %
 * per-token rate. The test bed's sweep (README "Test bed") shows where each one lands.
 */
export const DEFAULT_TRIGGER_THRESHOLDS: Readonly<Record<ConfidenceTriggerName, number>> = { top1: 0.2, entropy: 1.0, margin: 0.2, step: 1.0, random: 0.05 };

/** The triggers that need the whole next-token distribution (costlier to read out than top-1 alone). */
export function needsDistribution(trigger: ConfidenceTriggerName): boolean {
    return trigger === "entropy" || trigger === "margin" || trigger === "step";
}

/** Rejects an unknown trigger or a threshold out of its range with a `ConfigError` naming `name`. */
export function checkTrigger(name: string, trigger: string, threshold: number): ConfidenceTriggerName {
    if (!CONFIDENCE_TRIGGERS.includes(trigger as ConfidenceTriggerName)) throw new ConfigError(`${name}.trigger: unknown trigger "${trigger}" (expected ${CONFIDENCE_TRIGGERS.join(", ")})`);
    const entropyLike = trigger === "entropy" || trigger === "step";
    if (!(threshold >= 0 && (entropyLike ? Number.isFinite(threshold) : threshold <= 1))) {
        throw new ConfigError(`${name}.threshold must be ${entropyLike ? "a non-negative number (nats)" : "between 0 and 1"} for the ${trigger} trigger, got ${threshold}`);
    }
    return trigger as ConfidenceTriggerName;
}

/** What the decode pass tells about one sampled token. */
export interface TokenSignal {
    /** Probability of the sampled token. */
    confidence?: number;
    /** Probabilities of the candidate tokens (the whole distribution sampled from); only for `needsDistribution`. */
    probabilities?: Iterable<number>;
    /** True at the answer's first token or right after a sentence / step end. */
    stepStart: boolean;
}

/** Entropy (nats) and top-1 − top-2 margin of a distribution, renormalized (a filtered candidate list may not sum to 1). */
export function distributionStats(probabilities: Iterable<number>): { entropy: number; margin: number } {
    let sum = 0;
    let first = 0;
    let second = 0;
    const values: number[] = [];
    for (const p of probabilities) {
        if (!(p > 0)) continue;
        values.push(p);
        sum += p;
        if (p > first) {
            second = first;
            first = p;
        } else if (p > second) second = p;
    }
    if (sum === 0) return { entropy: 0, margin: 1 };
    let entropy = 0;
    for (const p of values) entropy -= (p / sum) * Math.log(p / sum);
    return { entropy: Math.max(0, entropy), margin: (first - second) / sum };
}

/** Text that ends a sentence or a reasoning step: the next token starts a new one. */
const stepEnd = /(?:[.!?]["')\]]*|\n)\s*$/;

/** Whether the token after `textBefore` starts a step; `answerStart` when nothing was generated or appended yet. */
export function isStepStart(textBefore: string, answerStart: boolean): boolean {
    return answerStart || stepEnd.test(textBefore);
}

/**
 * Whether `trigger` hands this token to the teacher. `random` draws from `draw` (uniform in [0, 1)) at every
 * token it is asked about, so a seeded generator makes the calls reproducible.
 */
export function triggerFires(trigger: ConfidenceTriggerName, threshold: number, signal: TokenSignal, draw: () => number): boolean {
    switch (trigger) {
        case "top1":
            return signal.confidence !== undefined && signal.confidence < threshold;
        case "entropy":
            return signal.probabilities !== undefined && distributionStats(signal.probabilities).entropy > threshold;
        case "margin":
            return signal.probabilities !== undefined && distributionStats(signal.probabilities).margin < threshold;
        case "step":
            return signal.stepStart && signal.probabilities !== undefined && distributionStats(signal.probabilities).entropy > threshold;
        case "random":
            return draw() < threshold;
        default:
            return trigger satisfies never;
    }
}

/**
 * The random trigger's seed for one conversation: the solve's seed mixed with its prompt tokens (FNV-1a over
 * the ids). A bench solves every problem with the same seed; seeded with that alone, every solve would draw
 * the same sequence and call at the same token positions (with seed 0, always at the second token).
 */
export function randomTriggerSeed(seed: number, promptTokens: Iterable<number>): number {
    let hash = (0x811c9dc5 ^ seed) >>> 0;
    for (const token of promptTokens) hash = Math.imul(hash ^ token, 0x01000193) >>> 0;
    return hash;
}

/** The random trigger's seeded draws (shared with the rest of the project). */
export { seededUniform } from "../util/seededUniform";
