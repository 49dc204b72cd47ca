import * as vscode from "vscode";
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
        for (const [key, value] of missing) await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
    }
    // The chat opens with Relay picked: the next question typed there goes to Relay.
    await vscode.commands.executeCommand("workbench.action.chat.open", { modelSelector: { vendor: RELAY_VENDOR, id: RELAY_MODEL_ID } });
    void vscode.window.setStatusBarMessage("Relay: VS Code's Chat is set up; ask in the Chat view, or ask @relay", 5000);
}
