import type { ResolvedRelayOptions } from "./options";
import type { TeacherPrices, UsageMeter } from "./usageMeter";

/**
 * Tokens granted to one call: min(requested, per-call cap, per-solve teacher budget left, global budget left,
 * what keeps the call ratio within its cap).
 */
export function grantFor(
    requested: number,
    limits: Pick<ResolvedRelayOptions, "maxCallTokens" | "maxTeacherTokensPerSolve" | "maxTokens" | "maxCallRatio">,
    meter: Pick<UsageMeter, "generatedTokens" | "teacherTokensSoFar">,
): number {
    const perSolveLeft = limits.maxTeacherTokensPerSolve - meter.teacherTokensSoFar;
    const globalLeft = limits.maxTokens - meter.generatedTokens;
    return Math.max(0, Math.min(requested, limits.maxCallTokens, perSolveLeft, globalLeft, ratioRoom(limits.maxCallRatio, meter)));
}

/** Largest g with (teacher + g) / (generated + g) <= ratio. */
function ratioRoom(ratio: number, meter: Pick<UsageMeter, "generatedTokens" | "teacherTokensSoFar">): number {
    if (ratio >= 1) return Number.POSITIVE_INFINITY;
    return Math.floor((ratio * meter.generatedTokens - meter.teacherTokensSoFar) / (1 - ratio));
}

/**
 * Output tokens still affordable within `budgetLeftUSD` after paying for a prompt of `promptTokens`
 * (uncached, the worst case). Infinite when the teacher is free.
 */
export function affordableTokens(budgetLeftUSD: number, prices: TeacherPrices, promptTokens: number): number {
    if (budgetLeftUSD === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    const left = budgetLeftUSD - (promptTokens * prices.inputPerMillion) / 1_000_000;
    if (left <= 0) return 0;
    if (prices.outputPerMillion === 0) return Number.POSITIVE_INFINITY;
    return Math.floor((left * 1_000_000) / prices.outputPerMillion);
}
