import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { choosePrefill, isKnownHostedApi, wantsMaxCompletionTokens } from "../../src/teacher/choosePrefill";

describe("choosePrefill", () => {
    test("auto picks deepseek-style prefix for DeepSeek and Mistral", () => {
        assert.equal(choosePrefill("auto", "https://api.deepseek.com/beta"), "deepseek");
        assert.equal(choosePrefill("auto", "https://api.deepseek.com"), "deepseek");
        assert.equal(choosePrefill("auto", "https://api.mistral.ai/v1"), "deepseek");
    });

    test("auto falls back to an instruction for hosted APIs without prefill", () => {
        for (const url of [
            "https://api.openai.com/v1",
            "https://my-resource.openai.azure.com/openai/deployments/gpt",
            "https://generativelanguage.googleapis.com/v1beta/openai/",
            "https://api.groq.com/openai/v1",
            "https://api.x.ai/v1",
            "https://api.anthropic.com/v1/",
        ]) {
            assert.equal(choosePrefill("auto", url), "instruction", url);
        }
    });

    test("auto uses vLLM fields for self-hosted and unknown servers", () => {
        for (const url of ["http://127.0.0.1:8080/v1", "http://localhost:8000/v1", "http://gpu-box.lan:11434/v1", "https://llm.example.com/v1"]) {
            assert.equal(choosePrefill("auto", url), "vllm", url);
        }
    });

    test("auto does not match look-alike hosts", () => {
        assert.equal(choosePrefill("auto", "https://api.openai.com.example.net/v1"), "vllm");
        assert.equal(choosePrefill("auto", "https://notapi.deepseek.com.evil/v1"), "vllm");
    });

    test("auto is case-insensitive in the host and tolerates an unparsable URL", () => {
        assert.equal(choosePrefill("auto", "HTTPS://API.DEEPSEEK.COM/beta"), "deepseek");
        assert.equal(choosePrefill("auto", "not a url"), "vllm");
    });

    test("an explicit style wins over the URL", () => {
        assert.equal(choosePrefill("llama-server", "https://api.openai.com/v1"), "llama-server");
        assert.equal(choosePrefill("instruction", "http://127.0.0.1:8080/v1"), "instruction");
        assert.equal(choosePrefill("deepseek", "http://127.0.0.1:8080/v1"), "deepseek");
        assert.equal(choosePrefill("vllm", "https://api.deepseek.com"), "vllm");
    });
});

describe("host facts", () => {
    test("known hosted APIs get no server-specific fields; local servers do", () => {
        assert.equal(isKnownHostedApi("https://api.openai.com/v1"), true);
        assert.equal(isKnownHostedApi("https://api.deepseek.com/beta"), true);
        assert.equal(isKnownHostedApi("http://127.0.0.1:8080/v1"), false);
    });

    test("only OpenAI's own hosts want max_completion_tokens", () => {
        assert.equal(wantsMaxCompletionTokens("https://api.openai.com/v1"), true);
        assert.equal(wantsMaxCompletionTokens("https://x.openai.azure.com/openai"), true);
        assert.equal(wantsMaxCompletionTokens("https://api.deepseek.com"), false);
        assert.equal(wantsMaxCompletionTokens("http://127.0.0.1:8080/v1"), false);
    });
});
