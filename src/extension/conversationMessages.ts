import type { ChatMessage } from "../relay";
import type { ChatTurn } from "../protocol/messages";

/**
 * The conversation as the engine gets it: every earlier turn's question and answer (failed turns without
 * an answer are left out), then the new question.
 */
export function conversationMessages(earlier: readonly ChatTurn[], question: string): ChatMessage[] {
    const messages: ChatMessage[] = [];
    for (const turn of earlier) {
        const answer = turn.result?.text.trim();
        if (!answer) continue;
        messages.push({ role: "user", content: turn.prompt }, { role: "assistant", content: answer });
    }
    messages.push({ role: "user", content: question });
    return messages;
}
