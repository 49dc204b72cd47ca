import type { LlamaModel, Token, TokenBias } from "node-llama-cpp";

type TokenBiasClass = typeof TokenBias;

/**
 * Keeps the student from writing a text (teacher-free mode: `<call`) without touching any token that
 * other text needs. At each position it forbids only the tokens that would *complete* the text given what
 * precedes them: after `x ` a bare `<` is allowed (`x < 5`), after `<` a token `call` is not; a token that
 * holds the whole text (`<call`, ` <call>`) is forbidden everywhere. The model then samples its next
 * most likely token at that very position, so nothing else in its distribution moves.
 */
export class CommandBlocker {
    /** For each state (the longest proper prefix of a blocked text the output ends with), the bias to apply. */
    private readonly biasByState = new Map<string, TokenBias | undefined>();
    private readonly forbiddenByState = new Map<string, ReadonlySet<Token>>();
    private readonly prefixes: string[];

    private constructor(texts: readonly string[]) {
        this.prefixes = [...new Set(texts.flatMap((text) => Array.from({ length: text.length }, (_, length) => text.slice(0, length))))].sort((a, b) => b.length - a.length);
    }

    /** Builds the blocker for `texts`: one pass over the vocabulary, then a lookup per sampled token. */
    static create(TokenBiasCtor: TokenBiasClass, model: LlamaModel, texts: readonly string[]): CommandBlocker | undefined {
        const blocked = texts.filter((text) => text !== "");
        if (blocked.length === 0) return undefined;
        const blocker = new CommandBlocker(blocked);
        const pieces = vocabularyPieces(model);
        for (const state of blocker.prefixes) {
            const forbidden: Token[] = [];
            pieces.forEach((piece, token) => {
                if (piece !== "" && blocked.some((text) => (state + piece).includes(text))) forbidden.push(token as Token);
            });
            let bias: TokenBias | undefined;
            if (forbidden.length > 0) {
                bias = new TokenBiasCtor(model.tokenizer);
                for (const token of forbidden) bias.set(token, "never");
            }
            blocker.biasByState.set(state, bias);
            blocker.forbiddenByState.set(state, new Set(forbidden));
        }
        return blocker;
    }

    /** The bias for the next token after `recentText` (the end of everything in the context so far). */
    biasAfter(recentText: string): TokenBias | undefined {
        return this.biasByState.get(this.stateAfter(recentText));
    }

    /** Whether `token` is forbidden right after `recentText`. */
    forbids(recentText: string, token: Token): boolean {
        return this.forbiddenByState.get(this.stateAfter(recentText))?.has(token) ?? false;
    }

    private stateAfter(recentText: string): string {
        return this.prefixes.find((prefix) => prefix !== "" && recentText.endsWith(prefix)) ?? "";
    }
}

const blockersByModel = new WeakMap<LlamaModel, Map<string, CommandBlocker | undefined>>();

/** The blocker for `texts` on `model`, built once per model (the vocabulary pass takes a moment on a large vocabulary). */
export function commandBlockerFor(TokenBiasCtor: TokenBiasClass, model: LlamaModel, texts: readonly string[]): CommandBlocker | undefined {
    let blockers = blockersByModel.get(model);
    if (blockers === undefined) blockersByModel.set(model, (blockers = new Map()));
    const key = JSON.stringify(texts);
    if (!blockers.has(key)) blockers.set(key, CommandBlocker.create(TokenBiasCtor, model, texts));
    return blockers.get(key);
}

/** Each token's text as it reads after a plain letter (so SentencePiece keeps its leading space). */
function vocabularyPieces(model: LlamaModel): string[] {
    const vocabulary = model.fileInfo.metadata?.tokenizer?.ggml?.tokens;
    const size = Array.isArray(vocabulary) ? vocabulary.length : 0;
    const context = model.tokenize("a", false, "trimLeadingSpace");
    const pieces: string[] = [];
    for (let token = 0; token < size; token++) pieces.push(model.detokenize([token as Token], false, context));
    return pieces;
}
