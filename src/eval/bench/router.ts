import { createHash } from "node:crypto";

/** A number in [0, 1) from a hash of the parts: the same on every run and platform. */
export function hashUnit(...parts: (string | number)[]): number {
    const digest = createHash("sha256").update(parts.join("\u0000")).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
}

/**
 * The query-level random router: which problems go wholly to the teacher in one repeat. Exactly
 * round(fraction × n) of them, those with the lowest seeded hash, so the choice is reproducible, differs
 * between repeats, and does not depend on the order of `ids`.
 */
export function routeToTeacher(ids: readonly string[], fraction: number, seed: number, repeat: number): Set<string> {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`router fraction must be in [0, 1], got ${fraction}`);
    const count = Math.round(fraction * ids.length);
    const ranked = ids
        .map((id) => ({ id, rank: hashUnit("router", seed, repeat, id) }))
        .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return new Set(ranked.slice(0, count).map((entry) => entry.id));
}
