import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../../src/relay";
import { OpenAiTeacher } from "../../src/teacher";

describe("OpenAiTeacher options", () => {
    test("the teacher is named after its model", () => {
        assert.equal(new OpenAiTeacher({ baseURL: "http://127.0.0.1:8080/v1", model: "qwen2.5-72b" }).name, "qwen2.5-72b");
    });

    test("invalid options are a ConfigError before any request", () => {
        const base = { baseURL: "http://127.0.0.1:8080/v1", model: "m" };
        for (const options of [
            { ...base, baseURL: "127.0.0.1 port 8080" },
            { ...base, model: " " },
            { ...base, timeoutMs: 0 },
            { ...base, timeoutMs: 1.5 },
            { ...base, maxRetries: -1 },
        ]) {
            assert.throws(() => new OpenAiTeacher(options), ConfigError, JSON.stringify(options));
        }
    });
});
