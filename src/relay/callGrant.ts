import type { ResolvedRelayOptions } from "./options";
import type { UsageMeter } from "./usageMeter";

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
