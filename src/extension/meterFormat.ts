/** Text of the status-bar cost meter and its tooltip; pure so it can be unit-tested. */
import { budgetFraction, type UsageSummary } from "../relay";

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const dollars = (usd: number) => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(usd >= 100 ? 0 : 2)}`;

/** The status-bar text for a summary, e.g. `Relay 1.1% · $0.0040`. */
export function meterText(summary: UsageSummary, solving: boolean): string {
    return `${solving ? "$(sync~spin)" : "$(hubot)"} Relay ${percent(summary.callRatio)} · ${dollars(summary.costUSD)}`;
}

/** The tooltip's breakdown, as Markdown. */
export function meterTooltip(summary: UsageSummary): string {
    const saving = summary.teacherOnlyCostUSD - summary.costUSD;
    const rows = [
        ["Solves", String(summary.solves)],
        ["Student tokens", String(summary.studentTokens)],
        ["Teacher output tokens", String(summary.teacherOutputTokens)],
        ["Teacher prompt tokens", `${summary.teacherPromptTokens} (${summary.teacherCachedPromptTokens} cached)`],
        ["Teacher calls", String(summary.calls)],
        ["Teacher share (call ratio)", percent(summary.callRatio)],
        ["Cost", dollars(summary.costUSD)],
        ["Teacher-only cost (estimate)", dollars(summary.teacherOnlyCostUSD)],
        ["Saving", dollars(Math.max(0, saving))],
        ...(summary.budgetUSD > 0 ? [["Budget", `${dollars(summary.budgetUSD)} (${percent(budgetFraction(summary))} used)`]] : []),
    ];
    return `**RelayLLM usage in this workspace**\n\n| | |\n|---|---:|\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join("\n")}\n\nClick for the history.`;
}
