import type { ChatMessage } from "../relay";
import { selectionPrompt } from "./selectionPrompt";

/** A file or selection the user attached to an `@relay` request (or the active editor's selection). */
export interface ChatAttachment {
    /** Shown to the model: a workspace-relative path, with lines for a selection. */
    label: string;
    languageId: string;
    text: string;
}

/** One earlier turn of the `@relay` conversation, as VS Code's chat history gives it. */
export type ChatHistoryTurn = { role: "user"; prompt: string } | { role: "assistant"; answer: string };

/** Default for {@link participantConversation}'s `maxAttachmentChars`: about 2k tokens of attached code. */
export const DEFAULT_ATTACHMENT_CHARS = 8000;

/**
 * The conversation the engine answers for an `@relay` request: earlier turns (questions as typed, answers
 * as the relay wrote them), then the question with its attachments in front, each cut so that all of them
 * together stay within `maxAttachmentChars`. Empty earlier turns (a failed answer) are left out together
 * with their question, so the conversation alternates and ends with the user.
 */
export function participantConversation(history: readonly ChatHistoryTurn[], prompt: string, attachments: readonly ChatAttachment[], maxAttachmentChars = DEFAULT_ATTACHMENT_CHARS): ChatMessage[] {
    const messages: ChatMessage[] = [];
    for (const turn of history) {
        if (turn.role === "user") {
            if (messages[messages.length - 1]?.role === "user") messages.pop();
            messages.push({ role: "user", content: turn.prompt });
        } else if (turn.answer.trim() !== "" && messages[messages.length - 1]?.role === "user") {
            messages.push({ role: "assistant", content: turn.answer });
        }
    }
    if (messages[messages.length - 1]?.role === "user") messages.pop();
    messages.push({ role: "user", content: questionWithAttachments(prompt, attachments, maxAttachmentChars) });
    return messages;
}

function questionWithAttachments(prompt: string, attachments: readonly ChatAttachment[], maxChars: number): string {
    let left = maxChars;
    const parts: string[] = [];
    for (const attachment of attachments) {
        if (left <= 0) {
            parts.push(`(${attachment.label} left out: the attached files exceed what the local model can read)`);
            continue;
        }
        const cut = attachment.text.length > left;
        const text = cut ? attachment.text.slice(0, left) : attachment.text;
        left -= text.length;
        parts.push(selectionPrompt(text, attachment.label, attachment.languageId) + (cut ? "\n(cut to fit the local model)" : ""));
    }
    return [...parts, prompt.trim()].filter(Boolean).join("\n\n");
}
