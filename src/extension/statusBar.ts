import * as vscode from "vscode";
import { BUDGET_WARNING_FRACTION, budgetFraction, type UsageSummary } from "../relay";
import { meterText, meterTooltip } from "./meterFormat";

/**
 * The cost meter: it only renders what the usage store and runner report. While the teacher is
 * unreachable it shows a warning icon and background, and the tooltip says why.
 */
export function registerStatusBar(context: vscode.ExtensionContext, summary: () => UsageSummary, onChange: vscode.Event<unknown>[], solving: () => boolean, teacherProblem: () => string | undefined = () => undefined): void {
    const item = vscode.window.createStatusBarItem("relay.meter", vscode.StatusBarAlignment.Right, 100);
    item.name = "Relay cost meter";
    item.command = "relay.showUsage";
    const render = () => {
        const current = summary();
        const problem = teacherProblem();
        item.text = meterText(current, solving(), problem !== undefined);
        item.tooltip = new vscode.MarkdownString(meterTooltip(current, problem), true);
        const used = budgetFraction(current);
        const warn = used >= BUDGET_WARNING_FRACTION || problem !== undefined;
        item.backgroundColor = used >= 1 ? new vscode.ThemeColor("statusBarItem.errorBackground") : warn ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
        item.show();
    };
    render();
    context.subscriptions.push(item, ...onChange.map((event) => event(render)));
}
