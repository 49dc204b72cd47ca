import type { SolveUsage } from "./usageMeter";

/** Formats the one-line usage summary. */
export function usageLine(usage: SolveUsage, stopReason: string): string {
    const cached = usage.teacherCachedPromptTokens > 0 ? ` (${usage.teacherCachedPromptTokens} cached)` : "";
    return [
        `student ${usage.studentTokens} tok`,
        `teacher ${usage.teacherTokens} tok in ${usage.calls} call${usage.calls === 1 ? "" : "s"}`,
        `call ratio ${(usage.callRatio * 100).toFixed(2)}%`,
        `teacher prompt ${usage.teacherPromptTokens} tok${cached}`,
        `cost $${usage.costUSD.toFixed(6)} (teacher-only $${usage.teacherOnlyCostUSD.toFixed(6)})`,
        `stop: ${stopReason}`,
    ].join(" · ");
}
