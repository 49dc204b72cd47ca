import { callRatioOf, type SolveUsage } from "./usageMeter";

/** Usage summed over many solves (a workspace), with its money budget; `callRatio` is over all of them. */
export interface UsageSummary extends SolveUsage {
    solves: number;
    /** The money budget in USD; 0 = none. */
    budgetUSD: number;
}

/** Share of the budget spent at which the meter warns. */
export const BUDGET_WARNING_FRACTION = 0.8;

/** Sums solve usages; the status bar and usage panel only render its snapshot. */
export class UsageTotals {
    private readonly sum = { solves: 0, studentTokens: 0, teacherTokens: 0, teacherOutputTokens: 0, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls: 0, failedCalls: 0, costUSD: 0, teacherOnlyCostUSD: 0 };

    add(usage: SolveUsage): void {
        this.sum.solves += 1;
        this.sum.studentTokens += usage.studentTokens;
        this.sum.teacherTokens += usage.teacherTokens;
        this.sum.teacherOutputTokens += usage.teacherOutputTokens;
        this.sum.teacherPromptTokens += usage.teacherPromptTokens;
        this.sum.teacherCachedPromptTokens += usage.teacherCachedPromptTokens;
        this.sum.calls += usage.calls;
        // Histories written before failed calls were counted have no such field.
        this.sum.failedCalls += usage.failedCalls ?? 0;
        this.sum.costUSD += usage.costUSD;
        this.sum.teacherOnlyCostUSD += usage.teacherOnlyCostUSD;
    }

    get costUSD(): number {
        return this.sum.costUSD;
    }

    snapshot(budgetUSD: number): UsageSummary {
        return { ...this.sum, callRatio: callRatioOf(this.sum.studentTokens, this.sum.teacherTokens), budgetUSD };
    }
}

/** Fraction of the budget spent (0 when there is no budget). */
export function budgetFraction(summary: Pick<UsageSummary, "costUSD" | "budgetUSD">): number {
    return summary.budgetUSD > 0 ? summary.costUSD / summary.budgetUSD : 0;
}
