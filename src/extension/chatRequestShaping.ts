import type { ChatMessage } from "../relay";
import { ATTACHMENT_BUDGET_CHARS, questionWithAttachments, type QuestionAttachment } from "./conversationBuilder";

/**
 * A part of a VS Code language-model message, reduced to what shaping needs. The provider converts
 * VS Code's part classes into these, so this module imports no `vscode` and is unit-tested on plain data.
 */
export type PlainPart =
    | { kind: "text"; text: string }
    | { kind: "tool-call"; name: string }
    | { kind: "tool-result"; text: string }
    /** Data parts (images, cache-control markers), thinking parts: nothing the student can read. */
    | { kind: "other" };

/** A message as the provider receives it, with plain parts. */
export interface PlainMessage {
    role: "system" | "user" | "assistant";
    parts: readonly PlainPart[];
}

/** Housekeeping requests Copilot sends besides the agent request, answered without the model. */
export type HelperKind = "title" | "progress-messages" | "summary";

/** What to do with one provider request. */
export type ShapedRequest =
    /** Run the relay engine on this conversation. `origin` says whose request it was (for the docs and logs). */
    | { kind: "relay"; origin: "copilot-agent" | "other"; messages: ChatMessage[]; droppedMessages: number }
    /** Answer at once with `text` (no model, no usage). */
    | { kind: "local"; helper: HelperKind; text: string };

/** Limits of the shaping, in characters (the student's tokenizer is not loaded in the extension host). */
export interface ShapingOptions {
    /**
     * Most characters of conversation handed to the engine (system line included). The newest messages are kept; the
     * engine drops further old turns when they still do not fit the student's context. Default 16000 (about 4k tokens).
     */
    maxChars?: number;
    /** Most characters of attached files and selections kept in the current question. Default `ATTACHMENT_BUDGET_CHARS`. */
    maxAttachmentChars?: number;
}

/** The one system line the student gets instead of Copilot's agent prompt (which is mostly about tools it cannot call). */
export const RELAY_SYSTEM_LINE =
    "You are Relay, a coding and math assistant inside VS Code. Answer the user's request directly in Markdown. " +
    "You cannot run tools, read other files or edit the workspace; when a request needs that, say what the user should do.";

const DEFAULT_MAX_CHARS = 16_000;

/**
 * Decides how Relay serves one request of VS Code's language-model API (Copilot's agent, its helpers, or another
 * extension's `sendRequest`). See docs/chat.md for the reasoning.
 * - Copilot's agent request (tools offered, or `<userRequest>` tags): its system prompt and tool definitions are
 *   dropped for {@link RELAY_SYSTEM_LINE}; each user turn is unwrapped to its `<userRequest>` plus attached files
 *   (within `maxAttachmentChars`), `<context>` is dropped; tool calls and tool results are dropped; assistant turns
 *   keep their text.
 * - Copilot's helper requests (no tools; a system message asking for a title, a JSON array of progress messages or a
 *   summary) are answered locally.
 * - Anything else keeps its text messages as they are.
 * In every case the newest messages within `maxChars` are kept, and the result ends with a user message.
 */
export function shapeRequest(messages: readonly PlainMessage[], toolCount: number, options: ShapingOptions = {}): ShapedRequest {
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    const maxAttachmentChars = options.maxAttachmentChars ?? ATTACHMENT_BUDGET_CHARS;
    // Copilot offers tools only with its agent request, so a request with tools is never a helper.
    const helper = toolCount === 0 ? helperKind(messages) : undefined;
    if (helper) return { kind: "local", helper, text: localAnswer(helper, messages) };
    const agent = toolCount > 0 || messages.some((message) => message.role === "user" && USER_REQUEST.test(textOf(message)));
    const converted = agent ? agentConversation(messages, maxAttachmentChars) : plainConversation(messages);
    const merged = mergeSameRole(converted.filter((message) => message.content.trim() !== ""));
    const { kept, dropped } = newestWithin(merged, maxChars);
    if (kept.length === 0 || kept[kept.length - 1]!.role !== "user") {
        // Nothing the user asked survived (an empty request, or one ending with a tool result): ask for text.
        kept.push({ role: "user", content: lastUserText(messages) || "Continue." });
    }
    return { kind: "relay", origin: agent ? "copilot-agent" : "other", messages: kept, droppedMessages: dropped };
}

const USER_REQUEST = /<userRequest>([\s\S]*?)(?:<\/userRequest>|$)/;
const ATTACHMENT = /<attachment\b([^>]*)>([\s\S]*?)<\/attachment>/g;

function textOf(message: PlainMessage): string {
    return message.parts.map((part) => (part.kind === "text" ? part.text : "")).join("");
}

function agentConversation(messages: readonly PlainMessage[], maxAttachmentChars: number): ChatMessage[] {
    const out: ChatMessage[] = [{ role: "system", content: RELAY_SYSTEM_LINE }];
    const lastUser = messages.map((message) => message.role).lastIndexOf("user");
    messages.forEach((message, index) => {
        if (message.role === "system") return;
        if (message.role === "assistant") {
            out.push({ role: "assistant", content: textOf(message).trim() });
            return;
        }
        // A user message with only tool results answers a tool call the student never made: nothing to keep.
        if (!message.parts.some((part) => part.kind === "text")) return;
        // Attachments are kept for the current question only: older turns' files are stale and costly.
        out.push({ role: "user", content: unwrapUserTurn(textOf(message), index === lastUser ? maxAttachmentChars : 0) });
    });
    return out;
}

/** A Copilot user turn: the `<userRequest>` text, after the attached files, shaped as every front end shapes them, within `attachmentChars`. */
export function unwrapUserTurn(text: string, attachmentChars: number): string {
    const request = USER_REQUEST.exec(text)?.[1]?.trim() ?? stripTags(text).trim();
    if (attachmentChars <= 0) return request;
    const files: QuestionAttachment[] = [...text.matchAll(ATTACHMENT)].map((match) => ({
        label: /filePath="([^"]*)"/.exec(match[1] ?? "")?.[1] ?? /id="([^"]*)"/.exec(match[1] ?? "")?.[1] ?? "attachment",
        text: stripTags(match[2] ?? "").trim(),
    }));
    return questionWithAttachments(request, files, attachmentChars);
}

function stripTags(text: string): string {
    // The wrapper tags Copilot uses; anything between <context> tags (date, workspace, terminals) is dropped with them.
    return text.replace(/<context>[\s\S]*?<\/context>/g, "").replace(/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?>/g, "");
}

function plainConversation(messages: readonly PlainMessage[]): ChatMessage[] {
    return messages.flatMap((message) => {
        const text = textOf(message);
        return text.trim() === "" ? [] : [{ role: message.role, content: text }];
    });
}

/** Two messages of one role in a row (after drops) become one: chat templates expect turns to alternate. */
function mergeSameRole(messages: readonly ChatMessage[]): ChatMessage[] {
    const out: ChatMessage[] = [];
    for (const message of messages) {
        const previous = out[out.length - 1];
        if (previous && previous.role === message.role) previous.content = `${previous.content}\n\n${message.content}`;
        else out.push({ ...message });
    }
    return out;
}

/** The system messages, then the newest other messages whose lengths fit `maxChars`; the last message is always kept. */
function newestWithin(messages: readonly ChatMessage[], maxChars: number): { kept: ChatMessage[]; dropped: number } {
    const system = messages.filter((message) => message.role === "system");
    const turns = messages.filter((message) => message.role !== "system");
    let used = system.reduce((sum, message) => sum + message.content.length, 0);
    let start = turns.length;
    while (start > 0 && (start === turns.length || used + turns[start - 1]!.content.length <= maxChars)) {
        used += turns[start - 1]!.content.length;
        start -= 1;
    }
    // A conversation should not open with an assistant turn whose question was dropped.
    while (start < turns.length - 1 && turns[start]!.role === "assistant") start += 1;
    return { kept: [...system, ...turns.slice(start)], dropped: start };
}

function lastUserText(messages: readonly PlainMessage[]): string {
    for (let index = messages.length - 1; index >= 0; index -= 1) {
        const message = messages[index]!;
        if (message.role === "user" && message.parts.some((part) => part.kind === "text")) return unwrapUserTurn(textOf(message), 0);
    }
    return "";
}

/**
 * Copilot's helper requests are recognised by what their system messages ask for (the wording is Copilot's, not an
 * API). Only system messages count: the stable API gives other extensions no system role, so their requests, whatever
 * they mention, reach the model.
 */
function helperKind(messages: readonly PlainMessage[]): HelperKind | undefined {
    const instructions = messages
        .filter((message) => message.role === "system")
        .map(textOf)
        .join("\n");
    if (/progress messages/i.test(instructions) && /json/i.test(instructions)) return "progress-messages";
    if (/\btitles?\b/i.test(instructions) && /(chat|conversation)/i.test(instructions)) return "title";
    if (/\bsummar(y|ize|ise)\b/i.test(instructions) && /conversation|history/i.test(instructions)) return "summary";
    return undefined;
}

function localAnswer(helper: HelperKind, messages: readonly PlainMessage[]): string {
    const requests = messages.filter((message) => message.role === "user").map((message) => oneLine(withoutInstructionLines(unwrapUserTurn(textOf(message), 0))));
    const question = requests[requests.length - 1] ?? "";
    switch (helper) {
        // An empty list: Copilot shows its own default progress text.
        case "progress-messages":
            return "[]";
        case "title":
            return titleFrom(question) || "Relay chat";
        case "summary":
            return requests.length > 0 ? `The user asked, in order:\n${requests.map((request) => `- ${request.slice(0, 200)}`).join("\n")}` : "No questions yet.";
    }
}

/** "Please write a brief title for the following request:" and the like, before the user's own text. */
function withoutInstructionLines(text: string): string {
    return text
        .split("\n")
        .filter((line) => !/\b(title|summar\w*)\b.*:\s*$/i.test(line))
        .join("\n");
}

function oneLine(text: string): string {
    return text.replace(/```[\s\S]*?```/g, " ").replace(/\s+/g, " ").trim();
}

/** At most eight words of the question, without Markdown punctuation or a trailing question mark. */
export function titleFrom(question: string): string {
    const words = oneLine(question).replace(/[`*_#>[\]]/g, "").split(" ").filter(Boolean);
    const title = words.slice(0, 8).join(" ").replace(/[?.!:,;]+$/, "");
    return words.length > 8 ? `${title}…` : title;
}
