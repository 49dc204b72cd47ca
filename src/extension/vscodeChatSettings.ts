import * as vscode from "vscode";
// The ESM build: the package's UMD main loads its parts with a require() esbuild cannot follow.
import { applyEdits, modify } from "jsonc-parser/lib/esm/main.js";
import { RELAY_MODEL_ID, RELAY_VENDOR } from "./languageModelProvider";

/**
 * The two user settings with which VS Code's plain Chat input (no `@relay`) works without a GitHub sign-in:
 * anonymous access lets the chat send requests at all, and the utility model default routes Copilot's helper
 * requests (titles, progress messages) to the picked model, Relay, instead of a Copilot model that needs sign-in.
 * `@relay` needs neither. See docs/chat.md.
 */
export const PLAIN_CHAT_SETTINGS: Readonly<Record<string, unknown>> = {
    "chat.allowAnonymousAccess": true,
    "chat.byokUtilityModelDefault": "mainAgent",
};

/** Registers "Relay: Enable in VS Code Chat", which sets both settings in the user settings after asking. */
export function registerEnableChatCommand(context: vscode.ExtensionContext): void {
    context.subscriptions.push(vscode.commands.registerCommand("relay.enableVsCodeChat", enableVsCodeChat));
}

async function enableVsCodeChat(): Promise<void> {
    const missing = Object.entries(PLAIN_CHAT_SETTINGS).filter(([key, value]) => vscode.workspace.getConfiguration().get(key) !== value);
    if (missing.length > 0) {
        const list = missing.map(([key, value]) => `"${key}": ${JSON.stringify(value)}`).join("\n");
        const set = "Set in User Settings";
        const choice = await vscode.window.showInformationMessage(
            "Relay in VS Code's Chat",
            {
                modal: true,
                detail: `To answer in the plain Chat input without a GitHub sign-in, VS Code needs these user settings:\n\n${list}\n\n@relay works without them.`,
            },
            set,
        );
        if (choice !== set) return;
        if (!(await writeUserSettings(missing))) return;
    }
    // The chat opens with Relay picked: the next question typed there goes to Relay.
    await vscode.commands.executeCommand("workbench.action.chat.open", { modelSelector: { vendor: RELAY_VENDOR, id: RELAY_MODEL_ID } });
    void vscode.window.setStatusBarMessage("Relay: VS Code's Chat is set up; ask in the Chat view, or ask @relay", 5000);
}

/**
 * Sets the settings through the configuration API where VS Code knows them; where it does not (code-server
 * 4.139 registers neither chat setting, so `update` throws "not a registered configuration" although the chat
 * reads them), edits the user settings.json as a person would: opened, both lines set, saved, left open.
 */
async function writeUserSettings(entries: Array<[string, unknown]>): Promise<boolean> {
    try {
        for (const [key, value] of entries) await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
        return true;
    } catch (error) {
        if (!/not a registered configuration/i.test(error instanceof Error ? error.message : String(error))) throw error;
    }
    await vscode.commands.executeCommand("workbench.action.openSettingsJson");
    const editor = vscode.window.activeTextEditor;
    if (!editor || !editor.document.uri.path.endsWith("settings.json")) {
        void vscode.window.showErrorMessage("Relay could not open your user settings.json; add these settings there by hand: " + entries.map(([key, value]) => `"${key}": ${JSON.stringify(value)}`).join(", "));
        return false;
    }
    const original = editor.document.getText();
    const formattingOptions = { insertSpaces: editor.options.insertSpaces !== false, tabSize: typeof editor.options.tabSize === "number" ? editor.options.tabSize : 4 };
    let text = original;
    for (const [key, value] of entries) text = applyEdits(text, modify(text, [key], value, { formattingOptions }));
    const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(original.length));
    await editor.edit((edit) => edit.replace(whole, text));
    await editor.document.save();
    // Read by the Chat view when it starts: the window needs a reload, as after editing the file by hand.
    const reload = "Reload Window";
    void vscode.window.showInformationMessage("Relay: the two chat settings are in your user settings.json. Reload the window so VS Code's Chat reads them.", reload).then((choice) => choice === reload && vscode.commands.executeCommand("workbench.action.reloadWindow"));
    return true;
}
