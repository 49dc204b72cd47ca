/** Text of the status-bar cost meter and its tooltip; pure so it can be unit-tested. */
import { formatPercent, formatUSD, isPriced } from "../format/usageFormat";
import { budgetFraction, type UsageSummary } from "../relay";

/** What the meter says about the set-up, beside the numbers. */
export interface MeterSetup {
    /** False on a fresh install: nothing can answer until a student model is chosen. */
    studentSet: boolean;
    /** Teacher-free is on: nothing leaves the machine, and the meter says so. */
    teacherFree: boolean;
}

/**
 * The status-bar text for a summary, e.g. `Relay 1.1% · $0.0040`, `Relay 1.1% · not priced`; a warning
 * icon replaces the robot while the teacher is unreachable. Before a student is chosen it asks for the set-up
 * instead of showing empty numbers; with teacher-free on it says so with a lock.
 */
export function meterText(summary: UsageSummary, solving: boolean, teacherDown = false, setup: MeterSetup = { studentSet: true, teacherFree: false }): string {
    if (!setup.studentSet && !solving) return "$(hubot) Relay: set up";
    if (setup.teacherFree) return `${solving ? "$(sync~spin)" : "$(lock)"} Relay teacher-free`;
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
