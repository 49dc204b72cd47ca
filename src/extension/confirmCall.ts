import * as vscode from "vscode";
import type { CallPreview } from "../relay";

/**
 * `relay.teacher.confirmEachCall`: before each call, a notification says how much text would go to which
 * teacher; Show Text opens exactly that text (read-only), Send lets it go, Deny (or dismissing) holds it back.
 */
export async function confirmCall(preview: CallPreview, teacherHost: string, showText: (text: string) => Promise<void>): Promise<boolean> {
    const text = `${preview.templatedPrompt}${preview.partial}`;
    const [send, show, deny] = ["Send", "Show Text", "Deny"];
    for (;;) {
        const choice = await vscode.window.showInformationMessage(
            `Relay: send ${text.length.toLocaleString("en-US")} characters (the conversation and the answer so far) to the teacher at ${teacherHost} for up to ${preview.granted} tokens?`,
            send,
            show,
            deny,
        );
        if (choice !== show) return choice === send;
        await showText(text);
    }
}
