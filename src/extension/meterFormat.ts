/** Text of the status-bar cost meter and its tooltip; pure so it can be unit-tested. */
import { formatPercent, formatUSD, isPriced } from "../format/usageFormat";
import { budgetFraction, type UsageSummary } from "../relay";

/**
 * The status-bar text for a summary, e.g. `Relay 1.1% · $0.0040`, `Relay 1.1% · not priced`; a warning
 * icon replaces the robot while the teacher is unreachable.
 */
export function meterText(summary: UsageSummary, solving: boolean, teacherDown = false): string {
    const icon = solving ? "$(sync~spin)" : teacherDown ? "$(warning)" : "$(hubot)";
    return `${icon} Relay ${formatPercent(summary.callRatio)} · ${isPriced(summary) ? formatUSD(summary.costUSD) : "not priced"}`;
}

/** The tooltip's breakdown, as Markdown. */
export function meterTooltip(summary: UsageSummary, teacherProblem?: string): string {
    const saving = summary.teacherOnlyCostUSD - summary.costUSD;
    const rows = [
        ["Solves", String(summary.solves)],
        ["Student tokens (student tokenizer)", String(summary.studentTokens)],
        ["Teacher output tokens (billed, teacher tokenizer)", String(summary.teacherOutputTokens)],
        ["Teacher prompt tokens", `${summary.teacherPromptTokens} (${summary.teacherCachedPromptTokens} cached)`],
        ["Teacher calls", String(summary.calls)],
        ["Teacher share (call ratio, student tokenizer)", formatPercent(summary.callRatio)],
        ...(!isPriced(summary)
            ? [["Cost", "not priced (set relay.teacher.prices.*)"]]
            : [
                  ["Cost", formatUSD(summary.costUSD)],
                  ["Teacher-only cost (estimate)", formatUSD(summary.teacherOnlyCostUSD)],
                  ["Saving", formatUSD(Math.max(0, saving))],
              ]),
        ...(summary.budgetUSD > 0 ? [["Budget", `${formatUSD(summary.budgetUSD)} (${formatPercent(budgetFraction(summary))} used)`]] : []),
    ];
    const problem = teacherProblem ? `$(warning) **The teacher is unreachable:** ${teacherProblem.replace(/[|*_`[\]]/g, "\\$&")}\n\n` : "";
    return `${problem}**RelayLLM usage in this workspace**\n\n| | |\n|---|---:|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join("\n")}\n\nClick for the history.`;
}
