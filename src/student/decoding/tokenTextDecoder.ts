import type { Token } from "node-llama-cpp";

/** `model.detokenize` without special tokens: `lastTokens` lets the tokenizer decide on a leading space. */
export type ContextDetokenizer = (tokens: readonly Token[], lastTokens: readonly Token[]) => string;

/** What a decoder hands out after a token. */
export interface DecodedPiece {
    /** Whole characters that became decodable with this token ("" while a character is incomplete). */
    text: string;
    /** How many tokens this text covers (more than 1 when earlier tokens were held back). */
    tokens: number;
}

/** Enough to finish any UTF-8 character that byte-level tokens split (4 bytes at most). */
const maxHeldTokens = 4;
/** Tokens of context kept for the detokenizer's leading-space decision (node-llama-cpp looks at 3). */
const recentTokenWindow = 8;
const replacementCharacter = "\uFFFD";

/**
 * Turns generated tokens into text incrementally, one small window at a time, without ever handing out
 * half of a multi-byte character: a token whose text ends in U+FFFD (an unfinished UTF-8 sequence) is
 * held back until the following tokens complete it.
 */
export class TokenTextDecoder {
    private held: Token[] = [];
    private recent: Token[];

    constructor(private readonly detokenize: ContextDetokenizer, contextTokens: readonly Token[]) {
        this.recent = contextTokens.slice(-recentTokenWindow);
    }

    push(token: Token): DecodedPiece {
        this.held.push(token);
        const text = this.detokenize(this.held, this.recent);
        if (text.endsWith(replacementCharacter) && this.held.length < maxHeldTokens) return { text: "", tokens: 0 };
        return this.release(text);
    }

    /** Hands out whatever is still held (possibly an incomplete character) at the end of a turn. */
    flush(): DecodedPiece {
        if (this.held.length === 0) return { text: "", tokens: 0 };
        return this.release(this.detokenize(this.held, this.recent));
    }

    private release(text: string): DecodedPiece {
        const tokens = this.held.length;
        this.recent = [...this.recent, ...this.held].slice(-recentTokenWindow);
        this.held = [];
        return { text, tokens };
    }
}
