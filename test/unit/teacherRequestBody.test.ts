import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PROTOCOL_DEFAULTS, type TeacherRequest } from "../../src/relay";
import { buildChatBody, buildCompletionBody, continueInstruction, type BodySettings } from "../../src/teacher/buildRequestBody";

const settings: BodySettings = { model: "big", prefill: "vllm", cachePrompt: true, maxTokensField: "max_tokens" };

function request(partial: string, extra: Partial<TeacherRequest> = {}): TeacherRequest {
    return { messages: [{ role: "user", content: "What is 2+3?" }], templatedPrompt: "<|user|>What is 2+3?<|assistant|>", partial, maxTokens: 16, ...extra };
}

describe("buildCompletionBody", () => {
    test("the prompt is the templated prompt followed by the partial answer", () => {
        const body = buildCompletionBody(request("2+3 is"), settings);
        assert.equal(body.prompt, "<|user|>What is 2+3?<|assistant|>2+3 is");
        assert.equal(body.max_tokens, 16);
        assert.equal(body.model, "big");
    });

    test("streams with usage, reference sampling and llama-server's prompt cache", () => {
        const body = buildCompletionBody(request(""), settings);
        assert.equal(body.stream, true);
        assert.deepEqual(body.stream_options, { include_usage: true });
        assert.equal(body.temperature, 0.7);
        assert.equal(body.top_p, 1);
        assert.equal(body.cache_prompt, true);
        assert.equal(buildCompletionBody(request("", { temperature: 0 }), settings).temperature, 0);
        assert.equal("cache_prompt" in buildCompletionBody(request(""), { ...settings, cachePrompt: false }), false);
    });

    test("our protocol leaves top-k and min-p to the server; the reference protocol turns both off explicitly", () => {
        const ours = buildCompletionBody(request(""), settings);
        assert.equal("top_k" in ours || "min_p" in ours, false);
        for (const body of [buildCompletionBody(request("", { sampling: PROTOCOL_DEFAULTS.reference.teacherSampling }), settings), buildChatBody(request("x", { sampling: PROTOCOL_DEFAULTS.reference.teacherSampling }), settings)]) {
            assert.equal(body.top_p, 1);
            assert.equal(body.top_k, -1);
            assert.equal(body.min_p, 0);
        }
    });

    test("extraBody is merged last", () => {
        const body = buildCompletionBody(request(""), { ...settings, extraBody: { top_k: 40, top_p: 0.9 } });
        assert.equal(body.top_k, 40);
        assert.equal(body.top_p, 0.9);
    });
});

describe("buildChatBody", () => {
    test("without a partial answer there is one user message and no prefill field", () => {
        const body = buildChatBody(request(""), settings);
        assert.deepEqual(body.messages, [{ role: "user", content: "What is 2+3?" }]);
        assert.equal("continue_final_message" in body, false);
        assert.equal(body.max_tokens, 16);
    });

    test("vllm style continues the last assistant message with vLLM's fields", () => {
        const body = buildChatBody(request("2+3 is"), settings);
        assert.deepEqual(body.messages, [{ role: "user", content: "What is 2+3?" }, { role: "assistant", content: "2+3 is" }]);
        assert.equal(body.continue_final_message, true);
        assert.equal(body.add_generation_prompt, false);
    });

    test("llama-server style sends only the trailing assistant message", () => {
        const body = buildChatBody(request("2+3 is"), { ...settings, prefill: "llama-server" });
        assert.deepEqual(body.messages.at(-1), { role: "assistant", content: "2+3 is" });
        assert.equal("continue_final_message" in body, false);
    });

    test("deepseek style flags the last message with prefix: true", () => {
        const body = buildChatBody(request("2+3 is"), { ...settings, prefill: "deepseek", cachePrompt: false });
        assert.deepEqual(body.messages.at(-1), { role: "assistant", content: "2+3 is", prefix: true });
        assert.equal("cache_prompt" in body, false);
    });

    test("instruction style asks in a last user message to continue without repeating", () => {
        const body = buildChatBody(request("2+3 is"), { ...settings, prefill: "instruction" });
        assert.deepEqual(body.messages, [
            { role: "user", content: "What is 2+3?" },
            { role: "assistant", content: "2+3 is" },
            { role: "user", content: continueInstruction },
        ]);
        assert.match(continueInstruction, /do not repeat/i);
    });

    test("consecutive calls of a solve share their message prefix", () => {
        for (const prefill of ["vllm", "llama-server", "deepseek", "instruction"] as const) {
            const first = buildChatBody(request("2+3"), { ...settings, prefill }).messages;
            const second = buildChatBody(request("2+3 is 5, and"), { ...settings, prefill }).messages;
            assert.deepEqual(second[0], first[0], prefill);
            assert.ok(String(second[1]?.content).startsWith(String(first[1]?.content)), prefill);
        }
    });

    test("OpenAI's hosts get max_completion_tokens instead of max_tokens", () => {
        const body = buildChatBody(request(""), { ...settings, maxTokensField: "max_completion_tokens" });
        assert.equal(body.max_completion_tokens, 16);
        assert.equal("max_tokens" in body, false);
    });
});
