import type { SolveUsage } from "../relay/usageMeter";
import { formatCost, formatPercent, isPriced } from "./usageFormat";

/** The one-line usage summary of a solve, as the CLI and `@relay` in VS Code's Chat print it. */
export function usageLine(usage: SolveUsage, stopReason: string): string {
    const cached = usage.teacherCachedPromptTokens > 0 ? ` (${usage.teacherCachedPromptTokens} cached)` : "";
    const priced = isPriced(usage);
    return [
        `student ${usage.studentTokens} tok`,
        `teacher ${usage.teacherTokens} tok in ${usage.calls} call${usage.calls === 1 ? "" : "s"}`,
        `call ratio ${formatPercent(usage.callRatio, 2)}`,
        `teacher prompt ${usage.teacherPromptTokens} tok${cached}`,
        priced ? `cost ${formatCost(usage.costUSD, true)} (teacher-only ${formatCost(usage.teacherOnlyCostUSD, true)})` : "not priced",
        `stop: ${stopReason}`,
    ].join(" · ");
}
