import type { UsageRecord } from "../../protocol/messages";
import { element } from "../shared/element";
import { stopLabel } from "../../format/stopLabel";
import { formatCost, formatPercent, formatTokens, isPriced } from "../../format/usageFormat";

const COLUMNS: readonly [heading: string, cell: (record: UsageRecord) => string, numeric: boolean][] = [
    ["When", (record) => new Date(record.at).toLocaleString(), false],
    ["Mode", (record) => record.mode, false],
    ["Ended", (record) => stopLabel(record.stopReason), false],
    ["Student tokens", (record) => formatTokens(record.studentTokens), true],
    ["Teacher tokens", (record) => formatTokens(record.teacherTokens), true],
    ["Calls", (record) => formatTokens(record.calls), true],
    // What left the machine: the request bodies' characters (the conversation, the answer so far, the settings sent).
    ["Characters sent", (record) => formatTokens(record.sentChars), true],
    ["Call ratio", (record) => formatPercent(record.callRatio, "auto"), true],
    ["Cost", (record) => formatCost(record.costUSD, isPriced(record)), true],
    ["Teacher alone", (record) => formatCost(record.teacherOnlyCostUSD, isPriced(record)), true],
];

/** Most rows shown; older solves still count in the totals. */
export const HISTORY_ROWS = 500;

/** The per-solve history, newest first; a panel solve's time is a button that opens its conversation. */
export function createHistoryTable(document: Document, records: readonly UsageRecord[]): HTMLElement {
    const newest = [...records].sort((a, b) => b.at - a.at).slice(0, HISTORY_ROWS);
    const head = element(document, "tr", {}, ...COLUMNS.map(([heading, , numeric]) => element(document, "th", { text: heading, className: numeric ? "relay-number" : "", attributes: { scope: "col" } })));
    const body = element(document, "tbody");
    for (const record of newest) {
        const cells = COLUMNS.map(([, cell, numeric]) => element(document, "td", { text: cell(record), className: numeric ? "relay-number" : "" }));
        // A panel solve's time opens its conversation (the host finds it, or says it is no longer kept).
        if (record.solveId) {
            const when = cells[0]!;
            const link = element(document, "button", { className: "relay-link", testId: "usage-open-solve", text: when.textContent ?? "", title: "Open this solve's conversation", attributes: { type: "button" }, dataset: { solveId: record.solveId } });
            when.replaceChildren(link);
        }
        body.append(element(document, "tr", {}, ...cells));
    }
    return element(document, "table", { className: "relay-history", testId: "usage-history" }, element(document, "thead", {}, head), body);
}

