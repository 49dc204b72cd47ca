import { parseHostMessage, type HostToWebview } from "../../protocol/messages";
import { element } from "../shared/element";
import type { WebviewApi } from "../shared/webviewApi";
import { createHistoryTable } from "./createHistoryTable";
import { createUsageChart } from "./createUsageChart";
import { createUsageTotals } from "./createUsageTotals";

export interface UsageApp {
    handle(message: HostToWebview): void;
    dispose(): void;
}

/**
 * Starts the "Relay: Show Usage" panel in `window`: shows a waiting note, posts `webview/ready`, and redraws
 * totals, chart and history on every valid `usage/history`. Other or malformed messages are ignored.
 */
export function createUsageApp(window: Window, api: WebviewApi<unknown>): UsageApp {
    const document = window.document;
    const content = element(document, "main", { className: "relay-usage-panel", testId: "usage-panel" }, element(document, "p", { className: "relay-empty", text: "Loading usage…" }));
    document.body.replaceChildren(content);

    const handle = (message: HostToWebview): void => {
        if (message.type !== "usage/history") return;
        const { records, summary } = message;
        content.replaceChildren(
            element(document, "h2", { text: "Totals" }),
            createUsageTotals(document, summary),
            element(document, "h2", { text: "Call ratio and cost per solve" }),
            createUsageChart(document, records),
            element(document, "h2", { text: "History" }),
            records.length > 0 ? createHistoryTable(document, records) : element(document, "p", { className: "relay-empty", text: "No solves yet." }),
        );
    };

    const onMessage = (event: Event): void => {
        const message = parseHostMessage((event as MessageEvent).data);
        if (message) handle(message);
    };
    const onClick = (event: Event): void => {
        const solveId = (event.target as Element | null)?.closest?.("[data-solve-id]")?.getAttribute("data-solve-id");
        if (solveId) api.postMessage({ type: "usage/openSolve", solveId });
    };
    window.addEventListener("message", onMessage);
    content.addEventListener("click", onClick);
    api.postMessage({ type: "webview/ready" });
    return {
        handle,
        dispose: () => {
            window.removeEventListener("message", onMessage);
            content.removeEventListener("click", onClick);
        },
    };
}
