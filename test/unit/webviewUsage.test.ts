import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import type { UsageRecord, UsageSummary, WebviewToHost } from "../../src/protocol/messages";
import { formatPercent, formatTokens, formatUSD } from "../../src/format/usageFormat";
import { linearScale, niceTicks } from "../../src/webview/usage/chartScale";
import { createUsageApp } from "../../src/webview/usage/createUsageApp";
import { createUsageChart } from "../../src/webview/usage/createUsageChart";
import { createHistoryTable } from "../../src/webview/usage/createHistoryTable";

const record = (at: number, overrides: Partial<UsageRecord> = {}): UsageRecord => ({
    at,
    mode: "learned",
    stopReason: "eos",
    sentChars: 1200,
    studentTokens: 900,
    teacherTokens: 100,
    teacherOutputTokens: 95,
    teacherPromptTokens: 2000,
    teacherCachedPromptTokens: 0,
    calls: 2,
    callRatio: 0.1,
    costUSD: 0.002,
    teacherOnlyCostUSD: 0.01,
    ...overrides,
});
const summary: UsageSummary = { solves: 2, studentTokens: 1800, teacherTokens: 200, teacherOutputTokens: 190, teacherPromptTokens: 4000, teacherCachedPromptTokens: 1000, calls: 4, callRatio: 0.1, costUSD: 0.004, teacherOnlyCostUSD: 0.02, budgetUSD: 0 };

function startPanel(): { window: JSDOM["window"]; posted: WebviewToHost[]; send(data: unknown): void } {
    const { window } = new JSDOM("<!doctype html><body></body>");
    const posted: WebviewToHost[] = [];
    createUsageApp(window as unknown as Window, { postMessage: (message) => void posted.push(message), getState: () => undefined, setState: (state) => state });
    return { window, posted, send: (data) => window.dispatchEvent(new window.MessageEvent("message", { data })) };
}

describe("usage panel", () => {
    it("posts webview/ready and shows the totals with the teacher-only counterfactual and the saving", () => {
        const { window, posted, send } = startPanel();
        assert.deepEqual(posted, [{ type: "webview/ready" }]);
        send({ type: "usage/history", records: [record(1), record(2)], summary });
        const value = (id: string) => window.document.querySelector(`[data-testid="${id}"]`)!.textContent;
        assert.equal(value("student-tokens"), "1,800");
        assert.equal(value("teacher-output-tokens"), "190");
        assert.equal(value("teacher-prompt-tokens"), "4,000 (1,000 cached)");
        assert.equal(value("calls"), "4");
        assert.equal(value("cost"), "$0.004");
        assert.equal(value("teacher-only-cost"), "$0.02");
        assert.equal(value("saving"), "$0.016 (80 %)");
        window.close();
    });

    it("says \"not priced\" for a teacher without prices, in the totals and each row", () => {
        const { window, send } = startPanel();
        send({ type: "usage/history", records: [record(1, { costUSD: 0, teacherOnlyCostUSD: 0 })], summary: { ...summary, costUSD: 0, teacherOnlyCostUSD: 0 } });
        const value = (id: string) => window.document.querySelector(`[data-testid="${id}"]`)!.textContent;
        assert.equal(value("cost"), "not priced");
        assert.equal(value("saving"), "not priced");
        const cells = Array.from(window.document.querySelectorAll('[data-testid="usage-history"] tbody td'), (cell) => cell.textContent);
        assert.ok(cells.includes("not priced"), cells.join(" | "));
        assert.ok(!cells.some((cell) => cell?.startsWith("$")));
        window.close();
    });

    it("lists solves newest first", () => {
        const { window, send } = startPanel();
        send({ type: "usage/history", records: [record(Date.UTC(2025, 0, 1), { calls: 1 }), record(Date.UTC(2025, 0, 3), { calls: 3 }), record(Date.UTC(2025, 0, 2), { calls: 2 })], summary });
        const calls = Array.from(window.document.querySelectorAll("[data-testid=usage-history] tbody tr"), (row) => row.children[5]!.textContent);
        assert.deepEqual(calls, ["3", "2", "1"]);
        window.close();
    });

    it("links a panel solve's row to its conversation; a row without a solve id is plain text", () => {
        const { window, posted, send } = startPanel();
        send({ type: "usage/history", records: [record(Date.UTC(2025, 0, 2), { solveId: "turn-1" }), record(Date.UTC(2025, 0, 1)), record(Date.UTC(2025, 0, 3), { solveId: "bad id!" } as Partial<UsageRecord>)], summary });
        const links = window.document.querySelectorAll<HTMLButtonElement>("[data-testid=usage-open-solve]");
        assert.equal(links.length, 1, "a malformed id is dropped, not linked");
        assert.equal(links[0]!.textContent, new Date(Date.UTC(2025, 0, 2)).toLocaleString());
        links[0]!.click();
        assert.deepEqual(posted.at(-1), { type: "usage/openSolve", solveId: "turn-1" });
        assert.equal(window.document.querySelectorAll("[data-testid=usage-history] tbody tr").length, 3, "the row with the bad id stays, unlinked");
        window.close();
    });

    it("draws call ratio and cost as two SVG series with axes and a tooltip per point", () => {
        const { window, send } = startPanel();
        send({ type: "usage/history", records: [record(1, { callRatio: 0.05, costUSD: 0.001 }), record(2, { callRatio: 0.2, costUSD: 0.004 }), record(3)], summary });
        const svg = window.document.querySelector("[data-testid=usage-chart] svg")!;
        assert.equal(svg.namespaceURI, "http://www.w3.org/2000/svg");
        assert.equal(svg.querySelectorAll(".relay-series polyline").length, 2);
        assert.equal(svg.querySelectorAll(".relay-series-ratio circle").length, 3);
        assert.equal(svg.querySelectorAll(".relay-series-cost rect").length, 3);
        assert.ok(svg.querySelectorAll(".relay-axis line").length >= 3);
        assert.match(svg.querySelector(".relay-series-ratio circle title")!.textContent!, /call ratio 5\.0 %/);
        const labels = Array.from(svg.querySelectorAll(".relay-axis text"), (text) => text.textContent);
        assert.ok(labels.includes("20 %") && labels.includes("$0.004"), labels.join(" "));
        window.close();
    });

    it("ignores malformed messages and skips malformed records", () => {
        const { window, send } = startPanel();
        const before = window.document.body.innerHTML;
        for (const data of [null, { type: "usage/history" }, { type: "usage/history", records: {}, summary }, { type: "usage/history", records: [], summary: 3 }]) send(data);
        assert.equal(window.document.body.innerHTML, before);
        send({ type: "usage/history", records: [record(1), { at: "yesterday" }, null, record(2, { costUSD: Number.NaN })], summary });
        assert.equal(window.document.querySelectorAll("[data-testid=usage-history] tbody tr").length, 2);
        window.close();
    });
});

describe("usage formatting and chart scales", () => {
    it("formats tokens, ratios and small amounts of money", () => {
        assert.equal(formatTokens(12345), "12,345");
        // Grouped by hand (no Intl at load time): the same text en-US Intl gives, rounded, 0 for what is not finite.
        for (const [tokens, text] of [[0, "0"], [999, "999"], [1000, "1,000"], [1234567.6, "1,234,568"], [-1234, "-1,234"], [Number.NaN, "0"], [Infinity, "0"]] as const) {
            assert.equal(formatTokens(tokens), text, `${tokens}`);
        }
        assert.equal(formatPercent(0.084, "auto"), "8.4 %");
        assert.equal(formatPercent(0.25, "auto"), "25 %");
        assert.equal(formatPercent(0.4952), "49.5 %");
        assert.equal(formatPercent(0.0107, 2), "1.07 %");
        assert.equal(formatPercent(null), "–");
        assert.equal(formatPercent(0, "auto"), "0 %");
        assert.deepEqual([0, 0.00042, 0.009, 0.012, 0.5, 1.256].map(formatUSD), ["$0.00", "$0.00042", "$0.009", "$0.012", "$0.50", "$1.26"]);
    });

    it("picks nice ticks from zero up to at least the maximum", () => {
        assert.deepEqual(niceTicks(0.2), [0, 0.05, 0.1, 0.15, 0.2]);
        assert.deepEqual(niceTicks(0.0037), [0, 0.001, 0.002, 0.003, 0.004]);
        assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
        assert.deepEqual(niceTicks(0), [0, 0.25, 0.5, 0.75, 1]);
    });

    it("maps values linearly and a zero-width domain to the middle", () => {
        const y = linearScale(0, 10, 100, 0);
        assert.equal(y(0), 100);
        assert.equal(y(5), 50);
        assert.equal(linearScale(3, 3, 0, 10)(3), 5);
    });
});

describe("usage chart and table without prices", () => {
    it("plots no cost axis when nothing is priced, and says how each solve ended in words", () => {
        const dom = new JSDOM("<!doctype html><body></body>");
        const unpriced = (at: number): UsageRecord => ({ ...record(at), costUSD: 0, teacherOnlyCostUSD: 0, stopReason: "max-tokens" });
        const chart = createUsageChart(dom.window.document, [unpriced(1), unpriced(2)]);
        assert.deepEqual(Array.from(chart.querySelectorAll(".relay-chart-key"), (key) => key.textContent), ["Call ratio"]);
        const table = createHistoryTable(dom.window.document, [unpriced(1)]);
        assert.ok(Array.from(table.querySelectorAll("td"), (cell) => cell.textContent).includes("answer limit"));
    });
});
