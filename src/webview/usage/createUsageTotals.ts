import type { UsageSummary } from "../../protocol/messages";
import { element } from "../shared/element";
import { formatCost, formatPercent, formatTokens, formatUSD, isPriced } from "../../format/usageFormat";

/**
 * The workspace totals as a definition list: tokens by model, calls, cost, what the teacher alone would
 * have cost, and the saving.
 */
export function createUsageTotals(document: Document, summary: UsageSummary): HTMLElement {
    const saving = summary.teacherOnlyCostUSD - summary.costUSD;
    const priced = isPriced(summary) || summary.budgetUSD > 0;
    const savingShare = summary.teacherOnlyCostUSD > 0 ? ` (${formatPercent(saving / summary.teacherOnlyCostUSD, "auto")})` : "";
    const cached = summary.teacherCachedPromptTokens > 0 ? ` (${formatTokens(summary.teacherCachedPromptTokens)} cached)` : "";
    const rows: [label: string, value: string, testId: string][] = [
        ["Solves", formatTokens(summary.solves), "solves"],
        ["Student tokens", formatTokens(summary.studentTokens), "student-tokens"],
        ["Teacher tokens (student tokenizer)", formatTokens(summary.teacherTokens), "teacher-tokens"],
        ["Teacher output tokens (billed)", formatTokens(summary.teacherOutputTokens), "teacher-output-tokens"],
        ["Teacher prompt tokens", formatTokens(summary.teacherPromptTokens) + cached, "teacher-prompt-tokens"],
        ["Teacher calls", formatTokens(summary.calls), "calls"],
        ["Call ratio", formatPercent(summary.callRatio, "auto"), "call-ratio"],
        ["Cost", formatCost(summary.costUSD, priced) + (summary.budgetUSD > 0 ? ` of ${formatUSD(summary.budgetUSD)} budget` : ""), "cost"],
        ["Teacher alone would have cost", formatCost(summary.teacherOnlyCostUSD, priced), "teacher-only-cost"],
        ["Saving", priced ? formatUSD(saving) + savingShare : "not priced", "saving"],
    ];
    const list = element(document, "dl", { className: "relay-totals", testId: "usage-totals" });
    for (const [label, value, testId] of rows) list.append(element(document, "div", { className: "relay-total" }, element(document, "dt", { text: label }), element(document, "dd", { text: value, testId })));
    return list;
}
