import type { LlamaModel, Token } from "node-llama-cpp";

/**
 * Tokenizes text that continues a context mid-stream (teacher text appended after the student's own
 * tokens), without special tokens, so that the context reads back exactly as `text`.
 *
 * Plain `tokenize` treats the text as the start of a document: SentencePiece models then prefix a space
 * ("hello" becomes "▁hello"). node-llama-cpp's "trimLeadingSpace" removes it, except for text that starts
 * with a line break, where it keeps a lone "▁" token (so "\nfoo" would read back as " \nfoo"). We try the
 * candidates in order and keep the first that detokenizes, after `lastTokens`, to exactly `text`.
 */
export function tokenizeContinuation(model: LlamaModel, text: string, lastTokens: readonly Token[]): Token[] {
    if (text === "") return [];
    const trimmed = model.tokenize(text, false, "trimLeadingSpace");
    const candidates = [trimmed, withoutLineBreakPrefix(model, text), model.tokenize(text, false)];
    for (const tokens of candidates) {
        if (tokens != null && tokens.length > 0 && model.detokenize(tokens, false, lastTokens) === text) return tokens;
    }
    return trimmed;
}

/** Tokenizes "\n" + text and drops the tokens of the "\n", when the line break stays a token of its own. */
function withoutLineBreakPrefix(model: LlamaModel, text: string): Token[] | undefined {
    const prefix = model.tokenize("\n", false);
    const tokens = model.tokenize("\n" + text, false);
    if (prefix.length === 0 || !prefix.every((token, index) => tokens[index] === token)) return undefined;
    return tokens.slice(prefix.length);
}
