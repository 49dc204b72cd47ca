/** Numeric comparison: where the variables are sampled and when two values count as equal. */

/** A value of an expression at one sample point. */
export interface Complex {
    re: number;
    im: number;
}

/** Points 0-3 give every variable a non-integer value in (0.3, 2.8); points 4-5 give small integers, for `n!` or `(-1)^n`. */
export const SAMPLE_POINTS = 6;

/** The value variable `name` takes at sample point `point`: fixed, so the same name gets the same value on both sides. */
export function sampleValue(point: number, name: string): number {
    let hash = 7;
    for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) % 1000003;
    if (point >= 4) return 2 + ((hash + point) % 4);
    const u = (hash * 0.6180339887 + point * 0.7548776662 + 0.1234) % 1;
    return 0.3 + 2.5 * u;
}

function nearInteger(x: number): boolean {
    return Math.abs(x - Math.round(x)) <= 1e-9 * Math.max(1, Math.abs(x));
}

/**
 * Two real values are equal when both are (numerically) the same integer, or when they differ by at most
 * `relativeTolerance` times the larger magnitude; against an exact 0, rounding noise below 1e-12 passes.
 */
export function valuesClose(a: number, b: number, relativeTolerance: number): boolean {
    if (a === b) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    const scale = Math.max(Math.abs(a), Math.abs(b));
    if (scale >= 1 && nearInteger(a) && nearInteger(b)) return Math.round(a) === Math.round(b);
    return Math.abs(a - b) <= relativeTolerance * scale || (Math.min(Math.abs(a), Math.abs(b)) === 0 && scale <= 1e-12);
}

function isReal(value: Complex): boolean {
    return Math.abs(value.im) <= 1e-12 * Math.max(1, Math.abs(value.re));
}

/** `valuesClose` for complex values; the tolerance is relative to the larger modulus. */
export function complexClose(a: Complex, b: Complex, relativeTolerance: number): boolean {
    if (isReal(a) && isReal(b)) return valuesClose(a.re, b.re, relativeTolerance);
    const scale = Math.max(Math.hypot(a.re, a.im), Math.hypot(b.re, b.im));
    return Math.hypot(a.re - b.re, a.im - b.im) <= relativeTolerance * scale;
}

/** Samples agree when they match at every point where both are defined, and at least `minimum` such points exist. */
export function samplesAgree(a: (Complex | undefined)[], b: (Complex | undefined)[], relativeTolerance: number, minimum: number): boolean {
    let compared = 0;
    for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        if (!x || !y) continue;
        if (!complexClose(x, y, relativeTolerance)) return false;
        compared++;
    }
    return compared >= minimum;
}

/**
 * True when `a = c·b` at every sample for one constant c (positive when `positive`): two equations or
 * inequalities written as `a = 0` / `a < 0` then say the same thing.
 */
export function samplesProportional(a: (Complex | undefined)[], b: (Complex | undefined)[], relativeTolerance: number, positive: boolean): boolean {
    let ratio: number | undefined;
    let compared = 0;
    for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        if (!x || !y || !isReal(x) || !isReal(y)) continue;
        const xZero = Math.abs(x.re) <= 1e-12;
        const yZero = Math.abs(y.re) <= 1e-12;
        if (xZero && yZero) continue;
        if (xZero || yZero) return false;
        const r = x.re / y.re;
        if (ratio === undefined) ratio = r;
        else if (Math.abs(r - ratio) > relativeTolerance * Math.max(Math.abs(r), Math.abs(ratio))) return false;
        compared++;
    }
    return ratio !== undefined && compared >= 2 && (!positive || ratio > 0);
}
