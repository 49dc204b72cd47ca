import * as vscode from "vscode";
import { BUDGET_WARNING_FRACTION, budgetFraction, type UsageSummary } from "../relay";
import { meterText, meterTooltip } from "./meterFormat";
import { readSettings, SETTINGS_SECTION } from "./settings";

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
        const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
        const setup = { studentSet: settings.student.model !== "", teacherFree: settings.teacherFree };
        item.text = meterText(current, solving(), problem !== undefined, setup);
        // Before a student is chosen the meter leads to the panel's set-up steps, not to an empty history.
        item.command = setup.studentSet ? "relay.showUsage" : "relay.openChat";
        const note = !setup.studentSet ? "**Relay is not set up yet:** choose a student model (click).\n\n" : setup.teacherFree ? "$(lock) **Teacher-free:** nothing leaves this machine.\n\n" : "";
        item.tooltip = new vscode.MarkdownString(note + meterTooltip(current, problem), true);
        const used = budgetFraction(current);
        const warn = used >= BUDGET_WARNING_FRACTION || problem !== undefined;
        item.backgroundColor = used >= 1 ? new vscode.ThemeColor("statusBarItem.errorBackground") : warn ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
        item.show();
    };
    render();
    const settingsChanged = vscode.workspace.onDidChangeConfiguration((change) => change.affectsConfiguration(SETTINGS_SECTION) && render());
    context.subscriptions.push(item, settingsChanged, ...onChange.map((event) => event(render)));
}
