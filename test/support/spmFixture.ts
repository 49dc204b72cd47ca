// The SPM tokenizer fixture (test/fixtures/relay-rollout/spm-stories260K.json): texts and the tokens node-llama-cpp
// gives them with stories260K, as a document (space prefix, no BOS) and as a continuation of a context. The toy
// trainer's Python tokenizer (training/relaygrpo/spm.py) must give the same; test/model/spmFixture.test.ts checks
// that the file still is what node-llama-cpp says.
import type { LlamaModel } from "node-llama-cpp";
import { tokenizeContinuation } from "../../src/student/decoding/continuationTokenizer";

export const SPM_FIXTURE_TEXTS = [
    "Once upon a time, there was a little girl named Lily. Lily had a pet. The pet was a",
    " bird.",
    "bird.",
    " dog. The dog ran to the park and played with a red ball.",
    "<call>3</call>",
    " <call>12</call> The toy was a",
    "Tom liked to play in one place. The place was the",
    "\nShe said, \"Hi!\"\n\nThe end.",
    "  two  spaces, then\ttab",
    "caf\u00e9 \u00fcber na\u00efve \u2014 \u4e2d\u6587 \ud83d\ude00",
    "Zoe, Finn and Molly's 3 kites: 1, 22, 333.",
    "[Info: Reached GLOBAL_MAX_TOKENS]",
];

export interface SpmFixtureCase {
    text: string;
    /** As a document: tokenize(text, false) (the space prefix, no BOS). */
    document: number[];
    /** As text continuing a context: no space prefix. */
    continuation: number[];
}

export function spmFixtureCases(model: LlamaModel): SpmFixtureCase[] {
    const context = model.tokenize("Once upon a time", false);
    return SPM_FIXTURE_TEXTS.map((text) => ({
        text,
        document: model.tokenize(text, false).map(Number),
        continuation: tokenizeContinuation(model, text, context).map(Number),
    }));
}
