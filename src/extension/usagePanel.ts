import * as vscode from "vscode";
import { parseWebviewMessage, type HostToWebview } from "../protocol/messages";
import { MAX_CONVERSATIONS } from "./conversationStore";
import type { UsageStore } from "./usageStore";
import { webviewHtml, webviewOptions } from "./webviewHtml";

/** “Relay: Show Usage”: one panel with the per-solve history and its chart, updated as solves finish. */
export function registerUsagePanel(context: vscode.ExtensionContext, usage: UsageStore, openSolve: (solveId: string) => Promise<boolean>): void {
    let panel: vscode.WebviewPanel | undefined;
    const history = (): HostToWebview => ({ type: "usage/history", records: usage.history(), summary: usage.summary() });
    const show = () => {
        if (panel) {
            panel.reveal();
            return;
        }
        panel = vscode.window.createWebviewPanel("relay.usage", "Relay Usage", vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
        panel.webview.html = webviewHtml(panel.webview, context.extensionUri, "usage", "Relay Usage");
        const subscriptions = [
            panel.webview.onDidReceiveMessage((raw: unknown) => {
                const message = parseWebviewMessage(raw);
                if (message?.type === "webview/ready") void panel?.webview.postMessage(history());
                if (message?.type === "usage/openSolve") void openSolveOrSay(message.solveId);
            }),
            usage.onDidChange(() => void panel?.webview.postMessage(history())),
        ];
        panel.onDidDispose(() => {
            subscriptions.forEach((subscription) => subscription.dispose());
            panel = undefined;
        });
    };
    const openSolveOrSay = async (solveId: string) => {
        if (await openSolve(solveId)) return;
        void vscode.window.showInformationMessage(`Relay: that solve's conversation is no longer kept (deleted, or beyond the ${MAX_CONVERSATIONS} kept per workspace).`);
    };
    context.subscriptions.push(vscode.commands.registerCommand("relay.showUsage", show));
}
