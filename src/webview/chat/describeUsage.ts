import type { CallDenial, SolveLimits, SolveResult } from "../../relay/events";
import type { SolveUsage } from "../../relay/usageMeter";
import type { DeniedCalls } from "../../protocol/messages";
import { formatPercent, formatTokens, formatUSD, isPriced } from "../../format/usageFormat";

/**
 * One answer's usage in a line, every count in the student's tokenizer (the one the call ratio uses; a
 * call's hover adds the teacher's own billed count): "412 student + 38 teacher tokens (student tokenizer) ·
 * 2 calls · 8.4% teacher · $0.0012 (teacher alone: $0.015)". An answer with calls but no prices says "not
 * priced" rather than "$0"; one without calls says nothing of money.
 */
export function describeUsage(usage: SolveUsage): string {
    const parts = [`${formatTokens(usage.studentTokens)} student + ${formatTokens(usage.teacherTokens)} teacher tokens (student tokenizer)`];
    parts.push(`${usage.calls} ${usage.calls === 1 ? "call" : "calls"}`);
    parts.push(`${formatPercent(usage.callRatio, "auto")} teacher`);
    if (isPriced(usage)) parts.push(`${formatUSD(usage.costUSD)} (teacher alone: ${formatUSD(usage.teacherOnlyCostUSD)})`);
    else if (usage.calls > 0) parts.push("not priced");
    return parts.join(" · ");
}

/**
 * A note on how an answer ended, naming the limit that ended it, when it did not simply finish: the one place
 * that names a limit. `maxTokens` is the answer limit the engine ran under (its `limits`): reaching it is that
 * limit, the user's `relay.limits.maxTokens` or the reference protocol's own; stopping short of it is the
 * student's context filling up.
 */
export function describeStop(result: Pick<SolveResult, "stopReason" | "usage"> & { limits?: Pick<SolveLimits, "protocol"> }, maxTokens?: number): string | undefined {
    switch (result.stopReason) {
        case "max-tokens": {
            const generated = result.usage.studentTokens + result.usage.teacherTokens;
            if (maxTokens !== undefined && generated < maxTokens - 1) {
                return `Stopped at ${formatTokens(generated)} tokens: the student's context is full (relay.student.contextSize; the conversation so far takes room too).`;
            }
            const source = result.limits?.protocol === "reference" ? "the reference protocol's limit" : "relay.limits.maxTokens";
            return `Stopped at the answer limit: ${formatTokens(generated)}${maxTokens ? ` of ${formatTokens(maxTokens)}` : ""} tokens (${source}).`;
        }
        case "teacher-error":
            return "Stopped: the teacher failed, and in teacher-only mode there is no student to go on.";
        case "aborted":
            return "Stopped by you.";
        case "teacher-eos":
        case "eos":
            return undefined;
        default:
            return `Stopped (${String(result.stopReason)}).`;
    }
}

const DENIAL_REASONS: Record<CallDenial, string> = {
    zero: "the call asked for 0 tokens",
    "teacher-free": "teacher-free mode is on",
    "no-teacher": "no teacher is configured",
    "teacher-unavailable": "the teacher failed earlier in this answer",
    "max-calls": "the limit of calls per answer was reached (relay.limits.maxCalls)",
    budget: "the money budget is spent (relay.limits.budgetUSD)",
    declined: "you held it back (relay.teacher.confirmEachCall)",
};

/** "2 teacher calls denied: teacher-free mode is on." per reason, or an empty list. */
export function describeDenied(denied: DeniedCalls): string[] {
    return (Object.keys(DENIAL_REASONS) as CallDenial[]).flatMap((reason) => {
        const count = denied[reason] ?? 0;
        return count > 0 ? [`${count} teacher ${count === 1 ? "call" : "calls"} denied: ${DENIAL_REASONS[reason]}.`] : [];
    });
}

/** Denials a retry with the teacher can fix (not a zero-token request or a spent budget). */
export function retryHelps(denied: DeniedCalls): boolean {
    return (denied["teacher-free"] ?? 0) > 0 || (denied["teacher-unavailable"] ?? 0) > 0;
}
