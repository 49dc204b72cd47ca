import * as vscode from "vscode";
import { parseWebviewMessage, type ChatSettings, type HostToWebview, type WebviewToHost } from "../protocol/messages";
import type { Conversation } from "./conversation";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { webviewHtml, webviewOptions } from "./webviewHtml";

export const CHAT_VIEW_ID = "relay.chat";

function chatSettings(): ChatSettings {
    const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
    return { mode: settings.mode, teacherFree: settings.teacherFree, teacherConfigured: settings.teacher.baseUrl !== "" };
}

/** Where settings the panel changes are written: the workspace when one is open, else the user's settings. */
export function settingsTarget(): vscode.ConfigurationTarget {
    return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** The chat panel: a webview view that mirrors the conversation and sends the user's actions back. */
class ChatViewProvider implements vscode.WebviewViewProvider {
    private view?: vscode.WebviewView;

    constructor(private readonly extensionUri: vscode.Uri, private readonly conversation: Conversation) {}

    resolveWebviewView(view: vscode.WebviewView): void {
        this.view = view;
        view.webview.options = webviewOptions(this.extensionUri);
        view.webview.html = webviewHtml(view.webview, this.extensionUri, "chat", "Relay");
        const subscriptions = [
            view.webview.onDidReceiveMessage((raw: unknown) => {
                const message = parseWebviewMessage(raw);
                if (message) void this.handle(message);
            }),
            this.conversation.onMessage((message) => this.post(message)),
            vscode.workspace.onDidChangeConfiguration((change) => {
                if (change.affectsConfiguration(SETTINGS_SECTION)) this.post({ type: "settings/changed", settings: chatSettings() });
            }),
        ];
        view.onDidDispose(() => {
            subscriptions.forEach((subscription) => subscription.dispose());
            this.view = undefined;
        });
    }

    private post(message: HostToWebview): void {
        void this.view?.webview.postMessage(message);
    }

    private async handle(message: WebviewToHost): Promise<void> {
        switch (message.type) {
            case "webview/ready":
                this.post({ type: "state/init", ...this.conversation.snapshot(), settings: chatSettings() });
                return;
            case "solve/submit":
                await this.conversation.ask(message.prompt);
                return;
            case "solve/cancel":
                await vscode.commands.executeCommand("relay.stop");
                return;
            case "settings/setTeacherFree":
                await vscode.workspace.getConfiguration(SETTINGS_SECTION).update("teacherFree", message.value, settingsTarget());
                return;
            case "settings/setMode":
                await vscode.workspace.getConfiguration(SETTINGS_SECTION).update("mode", message.mode, settingsTarget());
                return;
            case "code/insert":
                await insertAtCursor(message.code);
                return;
            case "code/copy":
                await vscode.env.clipboard.writeText(message.code);
                void vscode.window.setStatusBarMessage("Relay: code copied", 2000);
                return;
            case "conversation/clear":
                await this.conversation.clear();
                this.post({ type: "state/init", ...this.conversation.snapshot(), settings: chatSettings() });
                return;
            case "teacher/configure":
                await vscode.commands.executeCommand("workbench.action.openSettings", "relay.teacher");
                return;
            default:
                message satisfies never;
        }
    }
}

async function insertAtCursor(code: string): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) {
        void vscode.window.showWarningMessage("Relay: open an editor to insert the code into.");
        return;
    }
    await editor.edit((edit) => editor.selections.forEach((selection) => edit.replace(selection, code)));
}

export function registerChatView(context: vscode.ExtensionContext, conversation: Conversation): void {
    context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, new ChatViewProvider(context.extensionUri, conversation), { webviewOptions: { retainContextWhenHidden: true } }));
}
