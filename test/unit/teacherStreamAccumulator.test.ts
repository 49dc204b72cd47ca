import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StreamAccumulator, type TeacherChunk } from "../../src/teacher/streamAccumulator";

// Chunk shapes as llama-server (llama.cpp v0.5.0 bundle, build b1-de3ff81) sent them; ids and timings trimmed.
const completionChunks: TeacherChunk[] = [
    { choices: [{ text: "f", finish_reason: null }] },
    { choices: [{ text: "raid, ", finish_reason: null }] },
    {
        choices: [{ text: "", finish_reason: "length" }],
        usage: { completion_tokens: 8, prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 6 } },
        timings: { cache_n: 6 },
    },
];
const chatChunks: TeacherChunk[] = [
    { choices: [{ finish_reason: null, delta: { content: null } }] },
    { choices: [{ finish_reason: null, delta: { content: "s he " } }] },
    { choices: [{ finish_reason: null, delta: { content: "saw" } }] },
    { choices: [{ finish_reason: "stop", delta: {} }] },
    { choices: [], usage: { completion_tokens: 3, prompt_tokens: 41, prompt_tokens_details: { cached_tokens: 34 } }, timings: { cache_n: 34 } },
];

function accumulate(chunks: TeacherChunk[]): { accumulator: StreamAccumulator; deltas: string[] } {
    const accumulator = new StreamAccumulator();
    const deltas = chunks.map((chunk) => accumulator.add(chunk)).filter((delta) => delta !== "");
    return { accumulator, deltas };
}

describe("StreamAccumulator", () => {
    test("completions chunks: text, length, usage with cached tokens", () => {
        const { accumulator, deltas } = accumulate(completionChunks);
        assert.deepEqual(deltas, ["f", "raid, "]);
        assert.deepEqual(accumulator.result(), {
            text: "fraid, ",
            finishReason: "length",
            usage: { promptTokens: 10, completionTokens: 8, cachedPromptTokens: 6 },
        });
    });

    test("chat chunks: deltas, stop, usage from the trailing empty-choices chunk", () => {
        const { accumulator, deltas } = accumulate(chatChunks);
        assert.deepEqual(deltas, ["s he ", "saw"]);
        assert.deepEqual(accumulator.result(), {
            text: "s he saw",
            finishReason: "stop",
            usage: { promptTokens: 41, completionTokens: 3, cachedPromptTokens: 34 },
        });
    });

    test("every normal end other than length is stop", () => {
        for (const reason of ["stop", "eos", "content_filter", "tool_calls"]) {
            const accumulator = new StreamAccumulator();
            accumulator.add({ choices: [{ text: "x", finish_reason: reason }] });
            assert.equal(accumulator.result().finishReason, "stop", reason);
        }
    });

    test("cached tokens fall back to llama-server's timings.cache_n", () => {
        const { accumulator } = accumulate([{ choices: [{ text: "a", finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 1 }, timings: { cache_n: 4 } }]);
        assert.deepEqual(accumulator.result().usage, { promptTokens: 5, completionTokens: 1, cachedPromptTokens: 4 });
    });

    test("no usage reported means no usage in the result, and no cached count when nobody says", () => {
        const { accumulator } = accumulate([{ choices: [{ text: "a", finish_reason: "stop" }] }]);
        assert.equal(accumulator.result().usage, undefined);
        const bare = accumulate([{ choices: [{ text: "a", finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 1 } }]);
        assert.deepEqual(bare.accumulator.result().usage, { promptTokens: 5, completionTokens: 1 });
    });

    test("finished only once a chunk gave a finish reason", () => {
        const accumulator = new StreamAccumulator();
        accumulator.add({ choices: [{ text: "a", finish_reason: null }] });
        assert.equal(accumulator.finished, false);
        accumulator.add({ choices: [{ text: "", finish_reason: "length" }] });
        assert.equal(accumulator.finished, true);
    });
});
