import * as vscode from "vscode";
import { BUDGET_WARNING_FRACTION, budgetFraction, type UsageSummary } from "../relay";
import { meterText, meterTooltip } from "./meterFormat";

/** The cost meter: it only renders what the usage store and runner report. */
export function registerStatusBar(context: vscode.ExtensionContext, summary: () => UsageSummary, onChange: vscode.Event<unknown>[], solving: () => boolean): void {
    const item = vscode.window.createStatusBarItem("relay.meter", vscode.StatusBarAlignment.Right, 100);
    item.name = "Relay cost meter";
    item.command = "relay.showUsage";
    const render = () => {
        const current = summary();
        item.text = meterText(current, solving());
        item.tooltip = new vscode.MarkdownString(meterTooltip(current));
        const used = budgetFraction(current);
        item.backgroundColor = used >= 1 ? new vscode.ThemeColor("statusBarItem.errorBackground") : used >= BUDGET_WARNING_FRACTION ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
        item.show();
    };
    render();
    context.subscriptions.push(item, ...onChange.map((event) => event(render)));
}
