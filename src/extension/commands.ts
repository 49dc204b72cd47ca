import * as vscode from "vscode";
import { basename } from "node:path";
import type { ChatConversations } from "./chatConversations";
import { CHAT_VIEW_ID, type ChatViewProvider } from "./chatView";
import type { RelayRunner } from "./relayRunner";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { writeSetting } from "./writeSetting";
import { describeSentCall } from "./sentRequests";
import { showReadOnlyText } from "./readOnlyText";
import { storeTeacherApiKey } from "./teacherAccess";
import { selectionPrompt } from "./selectionPrompt";
import { pickStudentModel } from "./studentModelPicker";
import { diagnosticsIn, editDiagnostic } from "./edit/editDiagnostics";
import { selectionDiagnostics } from "./selectionDiagnostics";

/** Without a student nothing can answer: say so (with the button) before asking for a question. */
async function studentMissing(): Promise<boolean> {
    if (readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).student.model) return false;
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    const choice = await vscode.window.showWarningMessage("Relay: choose a student model first: it is the local model that writes every answer.", "Select Student Model");
    if (choice) await vscode.commands.executeCommand("relay.selectStudentModel");
    return true;
}

async function solve(conversations: ChatConversations): Promise<void> {
    if (await studentMissing()) return;
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : "";
    let prompt: string | undefined;
    if (selected.trim()) {
        prompt = selectionPrompt(selected, editor!.document.fileName, editor!.document.languageId);
    } else {
        prompt = await vscode.window.showInputBox({ title: "Relay: Solve", prompt: "Ask a coding or math question", ignoreFocusOut: true });
        if (!prompt?.trim()) return;
    }
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    await conversations.ask(prompt);
}

/**
 * "Relay: Ask About Selection": the selection, with the problems VS Code reports in it, goes into the panel's
 * question box as an attached code block, in a new conversation unless the person picks the one open (asked only
 * when it has questions; Escape attaches nothing).
 */
async function askAboutSelection(conversations: ChatConversations, chatView: ChatViewProvider): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const text = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : "";
    if (!editor || !text.trim()) {
        void vscode.window.showInformationMessage("Relay: select some code first, then ask about it.");
        return;
    }
    const { document, selection } = editor;
    if (conversations.activeTurnCount() > 0) {
        const title = conversations.title(conversations.activeId()) ?? "the open conversation";
        const fresh = { label: "$(add) New conversation", description: "about this selection alone" };
        const open = { label: `$(comment-discussion) Add to “${title}”`, description: "the questions before it go to the model too" };
        const choice = await vscode.window.showQuickPick([fresh, open], { title: "Relay: Ask About Selection", placeHolder: "Ask in a new conversation, or in the one open" });
        if (!choice) return;
        if (choice === fresh) conversations.startNew();
    }
    const diagnostics = selectionDiagnostics(diagnosticsIn(document, selection).map(editDiagnostic), selection.start.line + 1);
    chatView.attach({ fileName: basename(document.fileName), languageId: document.languageId, text, ...(diagnostics.length > 0 ? { diagnostics } : {}) });
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}

async function toggleTeacherFree(): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const next = !readSettings(config).teacherFree;
    const where = await writeSetting("teacherFree", next);
    void vscode.window.setStatusBarMessage(next ? `Relay: teacher-free mode on in ${where} (nothing leaves this machine)` : `Relay: teacher-free mode off in ${where}`, 4000);
}

async function selectStudentModel(): Promise<void> {
    const model = await pickStudentModel();
    if (!model?.trim()) return;
    const where = await writeSetting("student.model", model.trim());
    void vscode.window.setStatusBarMessage(`Relay: student model set to ${model.trim()} in ${where} (loaded on the next solve)`, 6000);
}

async function setTeacherApiKey(secrets: vscode.SecretStorage): Promise<void> {
    const key = await vscode.window.showInputBox({
        title: "Relay: Set Teacher API Key",
        prompt: "Stored in VS Code's secret storage, never in settings. Leave empty to remove the stored key.",
        password: true,
        ignoreFocusOut: true,
    });
    if (key === undefined) return;
    await storeTeacherApiKey(secrets, key.trim() || undefined);
    void vscode.window.setStatusBarMessage(key.trim() ? "Relay: teacher API key stored" : "Relay: teacher API key removed", 3000);
}

/** A call's request as it left the machine and the text that came back, read-only; the key is never in it. */
async function showWhatWasSent(runner: RelayRunner, solveId: unknown, call: unknown): Promise<void> {
    const entry = typeof solveId === "string" && typeof call === "number" ? runner.sentLog.get(solveId, call) : undefined;
    if (!entry) {
        void vscode.window.showInformationMessage("Relay: what this call sent is kept only while this window is open; it is not stored.");
        return;
    }
    await showReadOnlyText(describeSentCall(entry, call as number + 1), `What teacher call ${call as number + 1} sent.jsonc`);
}

/** The conversation shown in the panel, as Markdown: to the clipboard, to a file, or into an editor. */
async function shareConversation(conversations: ChatConversations, how: "copy" | "export" | "open"): Promise<void> {
    const shared = conversations.activeMarkdown();
    if (!shared) {
        void vscode.window.showInformationMessage("Relay: the conversation shown has no question yet.");
        return;
    }
    if (how === "copy") {
        await vscode.env.clipboard.writeText(shared.markdown);
        void vscode.window.setStatusBarMessage("Relay: conversation copied as Markdown", 3000);
    } else if (how === "open") {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: shared.markdown, language: "markdown" }));
    } else {
        // A title's own full stop would give "title..md", a leading one a hidden file.
        const name = `${shared.title.replace(/[^\w .-]+/g, "").slice(0, 60).replace(/^[\s.]+|[\s.]+$/g, "") || "conversation"}.md`;
        const base = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined, filters: { Markdown: ["md"] }, title: "Relay: Export Conversation" });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(shared.markdown));
        void vscode.window.setStatusBarMessage(`Relay: conversation exported to ${target.fsPath}`, 4000);
    }
}

export function registerCommands(context: vscode.ExtensionContext, conversations: ChatConversations, chatView: ChatViewProvider, runner: RelayRunner): void {
    context.subscriptions.push(
        vscode.commands.registerCommand("relay.solve", () => solve(conversations)),
        vscode.commands.registerCommand("relay.askAboutSelection", () => askAboutSelection(conversations, chatView)),
        vscode.commands.registerCommand("relay.newChat", async () => {
            conversations.startNew();
            await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
        }),
        vscode.commands.registerCommand("relay.openChat", () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`)),
        vscode.commands.registerCommand("relay.stop", () => runner.stop()),
        vscode.commands.registerCommand("relay.toggleTeacherFree", toggleTeacherFree),
        vscode.commands.registerCommand("relay.selectStudentModel", selectStudentModel),
        vscode.commands.registerCommand("relay.setTeacherApiKey", () => setTeacherApiKey(context.secrets)),
        vscode.commands.registerCommand("relay.copyConversation", () => shareConversation(conversations, "copy")),
        vscode.commands.registerCommand("relay.exportConversation", () => shareConversation(conversations, "export")),
        vscode.commands.registerCommand("relay.openConversationInEditor", () => shareConversation(conversations, "open")),
        vscode.commands.registerCommand("relay.showWhatWasSent", (solveId: unknown, call: unknown) => showWhatWasSent(runner, solveId, call)),
    );
}
