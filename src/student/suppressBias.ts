import type { LlamaModel, Token, TokenBias } from "node-llama-cpp";

/** Logit offset for a suppressed first token that other text needs too (a plain `<` in code). */
export const softSuppressLogit = -10;

type TokenBiasClass = typeof TokenBias;

/**
 * A token bias that pushes down the first token of each text, both as it starts a word and after a
 * space (BPE vocabularies often have a separate ` <` token).
 *
 * A first token that is specific to the text (its text is more than one character, like `<call`) is
 * forbidden outright ("never"). A single-character first token (a bare `<`) is only pushed down by
 * {@link softSuppressLogit}: forbidding it would make the model unable to write `a < b` in code, while a
 * strong negative bias still makes it lose against any reasonable alternative.
 */
export function createSuppressBias(TokenBiasCtor: TokenBiasClass, model: LlamaModel, texts: readonly string[]): TokenBias | undefined {
    const firstTokens = new Set<Token>();
    for (const text of texts) {
        if (text.trim() === "") continue;
        for (const variant of [text, " " + text.trimStart()]) {
            const first = firstNonSpaceToken(model, variant);
            if (first !== undefined) firstTokens.add(first);
        }
    }
    if (firstTokens.size === 0) return undefined;
    const bias = new TokenBiasCtor(model.tokenizer);
    // `set(token, number)` would read the number as a probability; `{logit}` is an additive logit offset.
    for (const token of firstTokens) {
        const specific = model.detokenize([token]).trim().length > 1;
        bias.set(token, specific ? "never" : { logit: softSuppressLogit });
    }
    return bias;
}

/** The first token of `text` that is not whitespace alone (SentencePiece may start with a lone "▁"). */
function firstNonSpaceToken(model: LlamaModel, text: string): Token | undefined {
    for (const token of model.tokenize(text, false, "trimLeadingSpace")) {
        if (model.detokenize([token]).trim() !== "") return token;
    }
    return undefined;
}
