import * as vscode from "vscode";
import { join } from "node:path";
import { registerChatParticipant } from "./chatParticipant";
import { registerChatView } from "./chatView";
import { registerCommands } from "./commands";
import { Conversation } from "./conversation";
import { registerLanguageModelProvider } from "./languageModelProvider";
import { RelayRunner } from "./relayRunner";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { registerStatusBar } from "./statusBar";
import { StudentHost } from "./studentHost";
import { registerUsagePanel } from "./usagePanel";
import { UsageStore } from "./usageStore";
import { registerEnableChatCommand } from "./vscodeChatSettings";

/** Activation stays cheap: nothing native loads here; the student's worker starts on the first solve. */
export function activate(context: vscode.ExtensionContext): void {
    const log = vscode.window.createOutputChannel("Relay");
    const storage = context.storageUri ?? context.globalStorageUri;
    const usage = new UsageStore(join(storage.fsPath, "usage.jsonl"), () => readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).limits.budgetUSD);
    const students = new StudentHost(context.extensionPath, log);
    const runner = new RelayRunner(context, students, usage, () => offerTeacherSetup(context.globalState));
    const conversation = new Conversation(context.workspaceState, runner);
    context.subscriptions.push(log, usage, students, runner, conversation, watchSettings(usage));

    registerCommands(context, conversation, runner);
    registerChatView(context, conversation);
    registerUsagePanel(context, usage);
    registerStatusBar(context, () => usage.summary(), [usage.onDidChange, runner.onDidChangeRunning], () => runner.isRunning);
    registerChatParticipant(context, runner);
    registerLanguageModelProvider(context, runner, log);
    registerEnableChatCommand(context);
}

export function deactivate(): void {}

function watchSettings(usage: UsageStore): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration(`${SETTINGS_SECTION}.limits.budgetUSD`)) usage.refresh();
    });
}

/** Shown once: solves without a teacher work, but the user should know what they are missing. */
function offerTeacherSetup(state: vscode.Memento): void {
    if (state.get<boolean>("relay.noTeacherNoticeShown")) return;
    void state.update("relay.noTeacherNoticeShown", true);
    void vscode.window
        .showInformationMessage("Relay: no teacher is configured, so the local model answers alone (teacher-free).", "Set Up a Teacher")
        .then((choice) => choice && vscode.commands.executeCommand("workbench.action.openSettings", "relay.teacher"));
}
