import * as vscode from "vscode";
import { parseWebviewMessage, type Attachment, type ChatSettings, type HostToWebview, type WebviewToHost } from "../protocol/messages";
import type { ChatConversations } from "./chatConversations";
import { presentError } from "./errorPresenter";
import { ACTION_COMMANDS } from "./errorActions";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { writeSetting } from "./writeSetting";
import { hostOf } from "./hostOf";
import { webviewHtml, webviewOptions } from "./webviewHtml";

export const CHAT_VIEW_ID = "relay.chat";

function chatSettings(): ChatSettings {
    const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
    return { mode: settings.mode, teacherFree: settings.teacherFree, teacherConfigured: settings.teacher.baseUrl !== "", teacherHost: hostOf(settings.teacher.baseUrl), studentConfigured: settings.student.model !== "" };
}

/** The panel's one teacher-free control is the mode picker: "teacher-free" sets `relay.teacherFree`, any other mode clears it. */
export async function setPanelMode(mode: WebviewToHost & { type: "settings/setMode" }): Promise<void> {
    if (mode.mode === "teacher-free") {
        await writeSetting("teacherFree", true);
        return;
    }
    await writeSetting("mode", mode.mode);
    if (readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).teacherFree) await writeSetting("teacherFree", false);
}

/** The chat panel: a webview view that mirrors the conversations and sends the user's actions back. */
export class ChatViewProvider implements vscode.WebviewViewProvider {
    private view?: vscode.WebviewView;
    private ready = false;
    private pendingAttachment?: Attachment;

    constructor(private readonly extensionUri: vscode.Uri, private readonly conversations: ChatConversations) {}

    resolveWebviewView(view: vscode.WebviewView): void {
        this.view = view;
        this.ready = false;
        view.webview.options = webviewOptions(this.extensionUri);
        view.webview.html = webviewHtml(view.webview, this.extensionUri, "chat", "Relay");
        const subscriptions = [
            view.webview.onDidReceiveMessage((raw: unknown) => {
                const message = parseWebviewMessage(raw);
                // A failure while handling a message is shown once, never left as an unhandled rejection.
                if (message) this.handle(message).catch(presentError);
            }),
            this.conversations.onMessage((message) => this.post(message)),
            this.conversations.onDidChangeState(() => this.postState()),
            vscode.workspace.onDidChangeConfiguration((change) => {
                if (change.affectsConfiguration(SETTINGS_SECTION)) this.post({ type: "settings/changed", settings: chatSettings() });
            }),
        ];
        view.onDidDispose(() => {
            subscriptions.forEach((subscription) => subscription.dispose());
            this.view = undefined;
        });
    }

    /** Puts code into the panel's question box as an attachment (delivered once the view is ready). */
    attach(attachment: Attachment): void {
        if (this.view && this.ready) this.post({ type: "composer/attach", attachment });
        else this.pendingAttachment = attachment;
    }

    private post(message: HostToWebview): void {
        void this.view?.webview.postMessage(message);
    }

    private postState(): void {
        this.post({ type: "state/init", ...this.conversations.snapshot(), settings: chatSettings() });
    }

    private async handle(message: WebviewToHost): Promise<void> {
        switch (message.type) {
            case "webview/ready":
                this.ready = true;
                this.postState();
                if (this.pendingAttachment) this.post({ type: "composer/attach", attachment: this.pendingAttachment });
                this.pendingAttachment = undefined;
                return;
            case "solve/submit":
                await this.conversations.ask(message.prompt, message.attachment);
                return;
            case "solve/cancel":
                if (message.shownChars !== undefined) this.conversations.stopAt(message.shownChars);
                await vscode.commands.executeCommand("relay.stop");
                return;
            case "turn/retryWithTeacher":
                await this.conversations.retryWithTeacher(message.turnId);
                return;
            case "turn/regenerate":
                await this.conversations.askAgain(message.turnId, false);
                return;
            case "call/showSent":
                await vscode.commands.executeCommand("relay.showWhatWasSent", message.turnId, message.call);
                return;
            case "settings/setMode":
                await setPanelMode(message);
                return;
            case "code/insert":
                await insertAtCursor(message.code);
                return;
            case "code/copy":
                await vscode.env.clipboard.writeText(message.code);
                void vscode.window.setStatusBarMessage("Relay: code copied", 2000);
                return;
            case "conversation/new":
                this.conversations.startNew();
                return;
            case "conversation/open":
                this.conversations.open(message.id);
                return;
            case "conversation/delete":
                if (await confirm(`Delete the conversation “${this.conversations.title(message.id) ?? "?"}”?`, "Delete")) await this.conversations.delete(message.id);
                return;
            case "conversation/rename": {
                const old = this.conversations.title(message.id);
                if (old === undefined) return;
                const title = await vscode.window.showInputBox({
                    title: "Relay: Rename Conversation",
                    value: old,
                    prompt: "A title that tells this conversation apart in the history",
                    validateInput: (value) => (value.trim() ? undefined : "A title needs at least one character."),
                });
                if (title !== undefined) await this.conversations.rename(message.id, title);
                return;
            }
            case "conversation/clear":
                if (await confirm("Clear this conversation? Its questions and answers are removed.", "Clear")) await this.conversations.clear();
                return;
            case "focus/leave":
                // What comes before the view's content in the tab order: the side bar's own parts, the activity bar first.
                await vscode.commands.executeCommand("workbench.action.focusActivityBar");
                return;
            case "usage/openSolve":
                // The usage panel's message; this view never sends it.
                return;
            case "action/run":
                if (message.action !== "retryWithTeacher") await vscode.commands.executeCommand(...ACTION_COMMANDS[message.action]);
                return;
            default:
                message satisfies never;
        }
    }
}

async function confirm(question: string, verb: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(question, { modal: true, detail: "This cannot be undone." }, verb)) === verb;
}

async function insertAtCursor(code: string): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) {
        void vscode.window.showWarningMessage("Relay: open an editor to insert the code into.");
        return;
    }
    await editor.edit((edit) => editor.selections.forEach((selection) => edit.replace(selection, code)));
}

/** Registers the chat panel; the returned provider takes attachments from "Relay: Ask About Selection". */
export function registerChatView(context: vscode.ExtensionContext, conversations: ChatConversations): ChatViewProvider {
    const provider = new ChatViewProvider(context.extensionUri, conversations);
    context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: true } }));
    return provider;
}
