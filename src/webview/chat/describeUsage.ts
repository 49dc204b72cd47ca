import type { SolveStopReason } from "../../relay/events";
import type { SolveUsage } from "../../relay/usageMeter";
import { formatPercent, formatTokens, formatUSD } from "../shared/format";

/**
 * One answer's usage in a line: "412 student + 38 teacher tokens · 2 calls · 8.4% teacher · $0.0012 (teacher
 * alone: $0.015)". Money is left out when both amounts are zero (a free or local teacher).
 */
export function describeUsage(usage: SolveUsage, deniedCalls = 0): string {
    const parts = [`${formatTokens(usage.studentTokens)} student + ${formatTokens(usage.teacherTokens)} teacher tokens`];
    parts.push(`${usage.calls} ${usage.calls === 1 ? "call" : "calls"}${deniedCalls > 0 ? ` (${deniedCalls} denied)` : ""}`);
    parts.push(`${formatPercent(usage.callRatio)} teacher`);
    if (usage.costUSD > 0 || usage.teacherOnlyCostUSD > 0) parts.push(`${formatUSD(usage.costUSD)} (teacher alone: ${formatUSD(usage.teacherOnlyCostUSD)})`);
    return parts.join(" · ");
}

const STOP_NOTES: Partial<Record<SolveStopReason, string>> = {
    "max-tokens": "Stopped at the token limit.",
    "teacher-error": "The teacher failed.",
    aborted: "Stopped.",
};

/** A note on how an answer ended, when it did not simply finish. */
export function describeStop(reason: SolveStopReason): string | undefined {
    return STOP_NOTES[reason];
}
