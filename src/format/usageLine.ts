import type { SolveUsage } from "../relay/usageMeter";
import { formatPercent, formatUSD } from "./usageFormat";

/** The one-line usage summary of a solve, as the CLI and `@relay` in VS Code's Chat print it. */
export function usageLine(usage: SolveUsage, stopReason: string): string {
    const cached = usage.teacherCachedPromptTokens > 0 ? ` (${usage.teacherCachedPromptTokens} cached)` : "";
    return [
        `student ${usage.studentTokens} tok`,
        `teacher ${usage.teacherTokens} tok in ${usage.calls} call${usage.calls === 1 ? "" : "s"}`,
        `call ratio ${formatPercent(usage.callRatio, 2)}`,
        `teacher prompt ${usage.teacherPromptTokens} tok${cached}`,
        `cost ${formatUSD(usage.costUSD)} (teacher-only ${formatUSD(usage.teacherOnlyCostUSD)})`,
        `stop: ${stopReason}`,
    ].join(" · ");
}
