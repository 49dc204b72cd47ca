import type { LlamaModel, Token } from "node-llama-cpp";
import type { NodeLlamaCpp } from "./nodeLlamaCpp";

/** A user prompt as the student sees it. */
export interface TemplatedPrompt {
    /** Tokens to evaluate, special tokens (BOS, role markers) included. */
    tokens: Token[];
    /** The same prompt as text, special tokens written out, BOS left out. */
    text: string;
}

/**
 * Applies the model's own chat template to one user message followed by an open model response, through
 * node-llama-cpp's chat wrapper resolution (a specialized wrapper when it matches the GGUF's Jinja
 * template, else the Jinja template itself). Thinking models keep their default: no empty `<think>`
 * block is forced, so `<think>` text the model writes passes through unchanged.
 *
 * A model without a chat template (a base model) gets the prompt as plain text after BOS.
 */
export function templateUserPrompt(nlc: NodeLlamaCpp, model: LlamaModel, userPrompt: string): TemplatedPrompt {
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    const template: unknown = model.fileInfo.metadata?.tokenizer?.chat_template;
    if (typeof template !== "string" || template.trim() === "") {
        const tokens = model.tokenize(userPrompt, false);
        return { tokens: bos == null ? tokens : [bos, ...tokens], text: userPrompt };
    }
    const chatWrapper = nlc.resolveChatWrapper(model);
    const { contextText } = chatWrapper.generateContextState({
        chatHistory: [{ type: "user", text: userPrompt }, { type: "model", response: [] }]
    });
    const tokens = contextText.tokenize(model.tokenizer);
    const visible = tokens[0] === model.tokens.bos ? tokens.slice(1) : tokens;
    return { tokens, text: model.detokenize(visible, true) };
}
