import * as vscode from "vscode";
import { migrateTeacherFreeMode } from "./teacherFreeMigration";
import { join } from "node:path";
import { ChatConversations } from "./chatConversations";
import { registerChatParticipant } from "./chatParticipant";
import { CHAT_VIEW_ID, registerChatView } from "./chatView";
import { registerCommands } from "./commands";
import { registerReadOnlyText } from "./readOnlyText";
import { registerLanguageModelProvider } from "./languageModelProvider";
import { RelayRunner } from "./relayRunner";
import { readSettings, SETTINGS_SECTION, type SettingKey } from "./settings";
import { registerStatusBar } from "./statusBar";
import { StudentHost } from "./studentHost";
import { registerUsagePanel } from "./usagePanel";
import { registerTeacherSetup } from "./teacherSetup";
import { UsageStore } from "./usageStore";
import { registerEnableChatCommand } from "./vscodeChatSettings";
import { registerRelayEdits } from "./edit/relayEdits";
import { registerRelayCodeActions } from "./edit/relayCodeActions";

/** Activation stays cheap: nothing native loads here; the student's worker starts on the first solve. */
export function activate(context: vscode.ExtensionContext): void {
    const log = vscode.window.createOutputChannel("Relay");
    void migrateTeacherFreeMode().catch((error: unknown) => log.appendLine(`settings: could not migrate relay.mode "teacher-free": ${String(error)}`));
    const storage = context.storageUri ?? context.globalStorageUri;
    // A torn or foreign line in the usage history is reported where the user can see it, not on the host's console.
    const usage = new UsageStore(
        join(storage.fsPath, "usage.jsonl"),
        () => readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).limits.budgetUSD,
        (message) => log.appendLine(`usage history: ${message}`)
    );
    const students = new StudentHost(context.extensionPath, log);
    const runner = new RelayRunner(context, students, usage, () => offerTeacherSetup(context.globalState), log);
    const conversations = new ChatConversations(context.workspaceState, runner);
    context.subscriptions.push(log, usage, students, runner, conversations, watchSettings(usage));

    const chatView = registerChatView(context, conversations);
    registerCommands(context, conversations, chatView, runner);
    registerReadOnlyText(context);
    registerTeacherSetup(context);
    registerUsagePanel(context, usage, async (solveId) => {
        if (!conversations.openTurn(solveId)) return false;
        await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
        return true;
    });
    registerStatusBar(context, () => usage.summary(), [usage.onDidChange, runner.onDidChangeRunning, runner.onDidChangeTeacherHealth], () => runner.isRunning, () => runner.teacherProblem);
    registerChatParticipant(context, runner, log);
    registerLanguageModelProvider(context, runner, log);
    registerEnableChatCommand(context);
    const edits = registerRelayEdits(context, runner, log);
    registerRelayCodeActions(context, edits, async (prompt) => {
        conversations.startNew();
        await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
        await conversations.ask(prompt);
    });
}

export function deactivate(): void {}

function watchSettings(usage: UsageStore): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((change) => {
        // The meter re-renders: a new budget, or a new teacher URL (the old server's problem no longer applies).
        if ((["limits.budgetUSD", "teacher.baseUrl"] satisfies SettingKey[]).some((key) => change.affectsConfiguration(`${SETTINGS_SECTION}.${key}`))) usage.refresh();
    });
}

/** Shown once: solves without a teacher work, but the user should know what they are missing. */
function offerTeacherSetup(state: vscode.Memento): void {
    if (state.get<boolean>("relay.noTeacherNoticeShown")) return;
    void state.update("relay.noTeacherNoticeShown", true);
    void vscode.window
        .showInformationMessage("Relay: that answer came from the local model alone: no teacher is configured. A teacher model helps with the hard steps.", "Choose Teacher Provider")
        .then((choice) => choice && vscode.commands.executeCommand("relay.chooseTeacherProvider"));
}
