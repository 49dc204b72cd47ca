/**
 * mulberry32: a small, fast, well-mixed seeded generator of uniform numbers in [0, 1). Enough for choosing
 * test-bed facts, drawing the random trigger and replaying a failing property-test case from its seed.
 */
export function seededUniform(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
