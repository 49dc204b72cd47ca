import * as vscode from "vscode";
import { usageLine } from "../relay";
import type { RelayRunner } from "./relayRunner";
import { presentError } from "./errorPresenter";

/**
 * `@relay` in VS Code's Chat view, where the chat API exists (feature-detected: older hosts and some
 * forks lack it, and the panel works without it). It streams the same answer through the same runner.
 */
export function registerChatParticipant(context: vscode.ExtensionContext, runner: RelayRunner): void {
    const chat = (vscode as { chat?: typeof vscode.chat }).chat;
    if (typeof chat?.createChatParticipant !== "function") return;
    const participant = chat.createChatParticipant("relay.participant", async (request, _context, stream, token) => {
        try {
            const result = await runner.run(
                request.prompt,
                (event) => {
                    // Model text is untrusted: plain Markdown, never a trusted string (no command links).
                    if (event.type === "student-text") stream.markdown(new vscode.MarkdownString(event.text));
                    else if (event.type === "teacher-text") stream.markdown(new vscode.MarkdownString(event.text));
                    else if (event.type === "call-granted") stream.progress(`Asking the teacher for ${event.granted} tokens…`);
                },
                token,
            );
            stream.markdown(new vscode.MarkdownString(`\n\n---\n*${usageLine(result.usage, result.stopReason)}*`));
        } catch (error) {
            presentError(error);
        }
    });
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, "media", "relay.svg");
    context.subscriptions.push(participant);
}
