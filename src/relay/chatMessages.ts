import { ConfigError } from "./errors";

/** Who wrote a message of the conversation, as in OpenAI's chat format. */
export type ChatRole = "system" | "user" | "assistant";

/** One message of a conversation: what the user asked, what the assistant (student and teacher) answered. */
export interface ChatMessage {
    role: ChatRole;
    content: string;
}

export const CHAT_ROLES: readonly ChatRole[] = ["system", "user", "assistant"];

/**
 * Checks that a conversation can be answered: at least one message, system messages only at the start,
 * the last message from the user. Throws a `ConfigError` saying what is wrong.
 */
export function checkConversation(messages: readonly ChatMessage[]): readonly ChatMessage[] {
    if (messages.length === 0) throw new ConfigError("the conversation is empty: give at least one user message");
    messages.forEach((message, index) => {
        if (!CHAT_ROLES.includes(message.role)) throw new ConfigError(`message ${index + 1} has an unknown role "${String(message.role)}" (expected ${CHAT_ROLES.join(", ")})`);
        if (typeof message.content !== "string") throw new ConfigError(`message ${index + 1} has no text content`);
        if (message.role === "system" && messages.slice(0, index).some((earlier) => earlier.role !== "system")) {
            throw new ConfigError(`message ${index + 1} is a system message after the conversation started; system messages go first`);
        }
    });
    const last = messages[messages.length - 1]!;
    if (last.role !== "user") throw new ConfigError(`the conversation must end with a user message, not ${last.role}`);
    if (last.content.trim() === "") throw new ConfigError("the last user message is empty");
    return messages;
}

/** The question being answered now: the last user message. */
export function currentQuestion(messages: readonly ChatMessage[]): string {
    return messages[messages.length - 1]?.content ?? "";
}

/**
 * The conversation without its `count` oldest non-system messages (system messages stay first). The
 * student decides how many to drop to fit its context; the teacher is sent the same shortened conversation.
 */
export function withoutOldest(messages: readonly ChatMessage[], count: number): ChatMessage[] {
    const system = messages.filter((message) => message.role === "system");
    const rest = messages.filter((message) => message.role !== "system");
    return [...system, ...rest.slice(count)];
}

/**
 * How many oldest non-system messages may be dropped, smallest first: whole exchanges only, so that what is
 * left starts with a user message, and never the last message.
 */
export function droppableCounts(messages: readonly ChatMessage[]): number[] {
    const rest = messages.filter((message) => message.role !== "system");
    const counts: number[] = [];
    for (let count = 1; count < rest.length; count++) if (rest[count]!.role === "user") counts.push(count);
    return counts;
}
