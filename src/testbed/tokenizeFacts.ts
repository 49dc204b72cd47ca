import type { LlamaModel } from "node-llama-cpp";
import { tokenizeContinuation } from "../student/decoding/continuationTokenizer";
import type { FactItem } from "./factWorld";

/** One training pair in token ids: what the model is shown, and what it must write next. */
export interface TokenizedExample {
    prompt: number[];
    target: number[];
}

/** An item's prompt as the student and llama-server evaluate it, and its continuation in that context. */
export interface TokenizedFact {
    id: string;
    /** BOS (when the model prepends one) and the prompt, tokenized as the student's plain-text template does. */
    prompt: number[];
    /** The prompt without BOS. */
    promptWithoutBos: number[];
    /** The continuation (" dog."), tokenized as text that continues the prompt, so it reads back exactly. */
    target: number[];
}

/**
 * Tokenizes the facts with the model's own tokenizer through node-llama-cpp, the way the student sees a
 * plain-text prompt (`templateUserPrompt` for a model without a chat template), so the trained split between
 * prompt and continuation is the one met at inference (the 656K model's pieces carry trailing spaces, so
 * tokenizing prompt and answer together would split differently).
 */
export function tokenizeFacts(model: LlamaModel, items: readonly FactItem[]): TokenizedFact[] {
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    return items.map((item) => {
        const promptWithoutBos = model.tokenize(item.prompt, false).map(Number);
        const prompt = bos == null ? promptWithoutBos : [Number(bos), ...promptWithoutBos];
        const target = tokenizeContinuation(model, item.continuation, model.tokenize(item.prompt, false)).map(Number);
        if (target.length === 0) throw new Error(`the continuation of ${item.id} tokenizes to nothing`);
        return { id: item.id, prompt, promptWithoutBos, target };
    });
}

/** The training pairs of some facts: each with and without BOS (llama-server and the student may differ there). */
export function trainingExamples(facts: readonly TokenizedFact[]): TokenizedExample[] {
    return facts.flatMap((fact) => {
        const withBos = { prompt: fact.prompt, target: fact.target };
        return fact.promptWithoutBos.length === fact.prompt.length ? [withBos] : [withBos, { prompt: fact.promptWithoutBos, target: fact.target }];
    });
}
