/**
 * Warm-up data (docs/training.md): `<call>n</call>` commands inserted at random token boundaries of an
 * answer, so a supervised warm-up teaches the command's form. Pure: the caller supplies the boundaries
 * (from the student's own tokenizer) and a seeded uniform generator.
 */
import { CALL_CLOSE, CALL_OPEN } from "../relay";

/** A distribution of integers: `uniform` over [min, max], or a uniform `choice` among listed values. */
export type IntDistribution = { kind: "uniform"; min: number; max: number } | { kind: "choice"; values: readonly number[] };

/** Options of {@link insertCalls}. */
export interface InsertCallsOptions {
    /** How many commands an answer gets (the reference: uniform 0–3). Capped at the number of boundaries. */
    commands: IntDistribution;
    /** The n written in each command (the reference writes none: `<call></call>`). */
    callTokens: IntDistribution;
    /** Uniform in [0, 1), seeded by the caller. */
    random: () => number;
}

/** One inserted command. */
export interface InsertedCall {
    /** Offset in the original answer, in UTF-16 code units (a token boundary). */
    offset: number;
    /** The n written. */
    n: number;
}

/** Draws one integer. */
export function drawInt(distribution: IntDistribution, random: () => number): number {
    if (distribution.kind === "choice") return distribution.values[Math.floor(random() * distribution.values.length)];
    return distribution.min + Math.floor(random() * (distribution.max - distribution.min + 1));
}

/**
 * Parses `LO-HI` or `uniform:LO-HI` (inclusive) or `choice:A,B,C` into a distribution of integers >= `min`.
 * Returns why it is invalid as a string.
 */
export function parseIntDistribution(spec: string, min: number): IntDistribution | string {
    const body = spec.replace(/^uniform:/, "");
    const range = /^(\d+)-(\d+)$/.exec(body);
    if (range && !spec.startsWith("choice:")) {
        const [lo, hi] = [Number(range[1]), Number(range[2])];
        if (lo < min || hi < lo) return `"${spec}": expected LO-HI with ${min} <= LO <= HI`;
        return { kind: "uniform", min: lo, max: hi };
    }
    const choice = /^choice:(\d+(?:,\d+)*)$/.exec(spec);
    if (choice) {
        const values = choice[1].split(",").map(Number);
        if (values.some((v) => v < min)) return `"${spec}": every value must be >= ${min}`;
        return { kind: "choice", values };
    }
    if (/^\d+$/.test(spec) && Number(spec) >= min) return { kind: "choice", values: [Number(spec)] };
    return `"${spec}": expected N, LO-HI, uniform:LO-HI or choice:A,B,...`;
}

/**
 * Token boundaries of `text` as offsets: offset k is where the text of the first k tokens ends, kept only
 * where that text is a prefix of `text` (a tokenizer that merges a leading space may decode a prefix
 * differently; such a boundary is skipped rather than guessed). Includes 0 and `text.length`.
 */
export function tokenBoundaries(text: string, tokenCount: number, decodePrefix: (tokens: number) => string): number[] {
    const offsets = new Set<number>([0, text.length]);
    for (let k = 1; k < tokenCount; k++) {
        const prefix = decodePrefix(k);
        if (text.startsWith(prefix)) offsets.add(prefix.length);
    }
    return [...offsets].sort((a, b) => a - b);
}

/**
 * Inserts commands at distinct boundaries drawn uniformly (as the reference does with token positions).
 * Returns the new text and the commands, in text order.
 */
export function insertCalls(text: string, boundaries: readonly number[], options: InsertCallsOptions): { text: string; calls: InsertedCall[] } {
    const wanted = Math.min(drawInt(options.commands, options.random), boundaries.length);
    const pool = [...boundaries];
    const chosen: InsertedCall[] = [];
    for (let i = 0; i < wanted; i++) {
        // A partial Fisher–Yates draw: distinct boundaries, each equally likely.
        const pick = i + Math.floor(options.random() * (pool.length - i));
        [pool[i], pool[pick]] = [pool[pick], pool[i]];
        chosen.push({ offset: pool[i], n: drawInt(options.callTokens, options.random) });
    }
    chosen.sort((a, b) => a.offset - b.offset);
    let out = "";
    let at = 0;
    for (const call of chosen) {
        out += text.slice(at, call.offset) + `${CALL_OPEN}${call.n}${CALL_CLOSE}`;
        at = call.offset;
    }
    return { text: out + text.slice(at), calls: chosen };
}
