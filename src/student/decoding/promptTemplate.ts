import type { ChatHistoryItem, LlamaModel, Token } from "node-llama-cpp";
import type { ChatMessage } from "../../relay/chatMessages";
import type { PlainPromptFormat } from "../../relay/student";
import type { NodeLlamaCpp } from "../model/nodeLlamaCpp";

/** A conversation as the student sees it. */
export interface TemplatedPrompt {
    /** Tokens to evaluate, special tokens (BOS, role markers) included. */
    tokens: Token[];
    /** The same prompt as text, special tokens written out, BOS left out. */
    text: string;
}

/**
 * Applies the model's own chat template to the conversation followed by an open model response, through
 * node-llama-cpp's chat wrapper resolution (a specialized wrapper when it matches the GGUF's Jinja
 * template, else the Jinja template itself). Thinking models keep their default: no empty `<think>`
 * block is forced, so `<think>` text the model writes passes through unchanged.
 *
 * A model without a chat template (a base model) continues text: see {@link plainConversationText}.
 */
export function templateConversation(nlc: NodeLlamaCpp, model: LlamaModel, messages: readonly ChatMessage[], plainFormat: PlainPromptFormat = "continuation"): TemplatedPrompt {
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    const template: unknown = model.fileInfo.metadata?.tokenizer?.chat_template;
    if (typeof template !== "string" || template.trim() === "") {
        const text = plainFormat === "user-assistant" ? userAssistantText(messages) : plainConversationText(messages);
        const tokens = model.tokenize(text, false);
        return { tokens: bos == null ? tokens : [bos, ...tokens], text };
    }
    const chatWrapper = nlc.resolveChatWrapper(model);
    const chatHistory: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
        switch (message.role) {
            case "system":
                return { type: "system", text: message.content };
            case "user":
                return { type: "user", text: message.content };
            case "assistant":
                return { type: "model", response: [message.content] };
            default:
                return message.role satisfies never;
        }
    });
    const { contextText } = chatWrapper.generateContextState({ chatHistory: [...chatHistory, { type: "model", response: [] }] });
    const tokens = contextText.tokenize(model.tokenizer);
    const visible = tokens[0] === model.tokens.bos ? tokens.slice(1) : tokens;
    return { tokens, text: model.detokenize(visible, true) };
}

/**
 * A base model has no roles: it continues text. An answer continues its question directly (that is how it
 * was written), and every other message starts a new paragraph, so a one-question conversation is the bare
 * question and the next turn's text extends the previous turn's prompt and answer (its KV cache is reused).
 */
export function plainConversationText(messages: readonly ChatMessage[]): string {
    return messages.map((message, index) => (index === 0 || message.role === "assistant" ? "" : "\n\n") + message.content).join("");
}

/**
 * The reference evaluation's prompt for a model without a chat template: `User: <question>\nAssistant:`.
 * Earlier turns (the reference has none) follow the same pattern, one line each; system text leads.
 */
export function userAssistantText(messages: readonly ChatMessage[]): string {
    const lines = messages.map((message) => (message.role === "system" ? message.content : `${message.role === "user" ? "User" : "Assistant"}: ${message.content}`));
    return `${lines.join("\n")}\nAssistant:`;
}
