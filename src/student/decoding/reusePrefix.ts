import type { LlamaContextSequence, Token } from "node-llama-cpp";

/**
 * Aligns an idle sequence's KV cache with a new prompt: the tokens it shares with the cached ones stay,
 * the rest is erased. Returns how many prompt tokens need no evaluation. At least the last prompt token is
 * always left to evaluate, since its logits are what the first new token is sampled from.
 */
export async function reusePrefix(sequence: LlamaContextSequence, promptTokens: readonly Token[]): Promise<number> {
    if (sequence.nextTokenIndex === 0) return 0;
    const shared = Math.min(sequence.compareContextTokens([...promptTokens]).firstDifferentIndex, promptTokens.length - 1);
    // Erasing before stateCellsStartIndex (sliding-window models) drops the whole cached state anyway.
    if (shared <= 0 || shared <= sequence.stateCellsStartIndex) {
        await sequence.clearHistory();
        return 0;
    }
    if (shared < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: shared, end: sequence.nextTokenIndex }]);
    return shared;
}
