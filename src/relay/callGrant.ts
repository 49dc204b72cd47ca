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
    const inputPrice = Math.max(prices.inputPerMillion, prices.cachedInputPerMillion ?? 0);
    const left = budgetLeftUSD - (promptTokens * inputPrice) / 1_000_000;
    if (left <= 0) return 0;
    if (prices.outputPerMillion === 0) return Number.POSITIVE_INFINITY;
    return Math.floor((left * 1_000_000) / prices.outputPerMillion);
}

/**
 * Student tokens a call may stream past its grant before the request is aborted: max(16, half the grant).
 * Tokenizers differ (a server honouring `max_tokens` in its own tokenizer can write more student tokens),
 * so a well-behaved teacher gets room to finish and report its usage; only text within the grant is kept.
 */
export function grantSlack(granted: number): number {
    return Math.max(16, Math.ceil(granted / 2));
}

/** Largest grant g with g + grantSlack(g) <= `affordable`: what a money budget allows, overrun included. */
export function grantWithinBudget(affordable: number): number {
    if (affordable === Number.POSITIVE_INFINITY) return affordable;
    // g + max(16, ceil(g/2)) is increasing in g: the larger of the two closed forms that satisfies it.
    const candidates = [affordable - 16, Math.floor((2 * affordable) / 3)].filter((g) => g >= 0 && g + grantSlack(g) <= affordable);
    return candidates.length === 0 ? 0 : Math.max(...candidates);
}

/** UTF-8 length of `text`: no tokenizer makes more (non-special) tokens of a text than it has bytes. */
export function utf8Length(text: string): number {
    let bytes = 0;
    for (const char of text) {
        const code = char.codePointAt(0)!;
        bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }
    return bytes;
}

/** Most prompt tokens a server can honestly bill for `text`: one per UTF-8 byte, plus a chat template's own. */
export function promptTokenCeiling(text: string): number {
    return utf8Length(text) + 64;
}
