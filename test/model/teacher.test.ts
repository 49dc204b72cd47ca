import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AbortError, TeacherRequestError, type TeacherRequest } from "../../src/relay";
import { OpenAiTeacher, type OpenAiTeacherOptions } from "../../src/teacher";
import { freeLoopbackPort, startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { requireSharedModels } from "../support/paths";

// OpenAiTeacher against a REAL llama.cpp llama-server serving TinyStories 656K on 127.0.0.1.

requireSharedModels();

/** What llama-server's ChatML fallback renders for one user message and a prefilled assistant message. */
const chatml = (user: string, assistant: string) => `<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n${assistant}`;

const story: TeacherRequest = { messages: [{ role: "user", content: "Tell me a story." }], templatedPrompt: "Once upon a time", partial: ", there was a", maxTokens: 8 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
        () => assert.fail("expected the call to fail"),
        (error: unknown) => error,
    );
}

async function teacherError(promise: Promise<unknown>): Promise<TeacherRequestError> {
    const error = await rejection(promise);
    assert.ok(error instanceof TeacherRequestError, `expected a TeacherRequestError, got ${String(error)}`);
    return error;
}

describe("OpenAiTeacher against a real llama-server", () => {
    let server: LlamaServer;
    const teacher = (options: Partial<OpenAiTeacherOptions> = {}) =>
        new OpenAiTeacher({ baseURL: server.baseURL, model: "tinystories", maxRetries: 0, ...options });

    before(async () => {
        server = await startLlamaServer();
    });
    after(async () => {
        await server?.stop();
    });

    test("completions style stops at maxTokens with finishReason length and reports usage", async () => {
        const result = await teacher().continue(story);
        assert.ok(result.text.length > 0);
        assert.equal(result.finishReason, "length");
        assert.ok(result.usage, "usage reported");
        assert.ok(result.usage.completionTokens > 0 && result.usage.completionTokens <= story.maxTokens, `completion tokens ${result.usage.completionTokens}`);
        assert.ok(result.usage.promptTokens > 0);
        assert.equal(typeof result.usage.cachedPromptTokens, "number");
    });

    test("a second call with the same prefix is served from the prompt cache", async () => {
        const request = { ...story, templatedPrompt: "One day, a little dog named Max" };
        const first = await teacher().continue(request);
        const second = await teacher().continue(request);
        assert.ok(first.usage && second.usage);
        // llama-server re-evaluates at least the last prompt token.
        assert.ok(second.usage.cachedPromptTokens! >= second.usage.promptTokens - 1, JSON.stringify(second.usage));
        assert.ok(second.usage.cachedPromptTokens! > 0);
    });

    test("streamed onText deltas concatenate to the text", async () => {
        const deltas: string[] = [];
        const result = await teacher().continue({ ...story, maxTokens: 40, onText: (delta) => deltas.push(delta) });
        assert.ok(deltas.length > 1, `${deltas.length} deltas`);
        assert.equal(deltas.join(""), result.text);
    });

    test("a stop string ends the answer with finishReason stop (extraBody reaches the server)", async () => {
        const result = await teacher({ extraBody: { stop: ["."] } }).continue({ ...story, maxTokens: 200 });
        assert.equal(result.finishReason, "stop");
        assert.ok(!result.text.includes("."), result.text);
        assert.ok(result.usage!.completionTokens < 200);
    });

    test("a prompt longer than the context is kind bad-request with the server's reason", async () => {
        const error = await teacherError(teacher().continue({ ...story, templatedPrompt: "Once upon a time ".repeat(200) }));
        assert.equal(error.kind, "bad-request");
        assert.equal(error.status, 400);
        assert.match(error.message, /context/);
    });

    test("text the model's 2048-token vocabulary cannot encode is kind bad-request (TinyStories has no byte fallback)", async () => {
        // llama-server answers 400 "unordered_map::at" for any of # % & ( ) * + / = @ [ \ ] ^ ` { } ~ or non-ASCII.
        const error = await teacherError(teacher().continue({ ...story, templatedPrompt: "What is 2+3?" }));
        assert.equal(error.kind, "bad-request");
        assert.equal(error.status, 400);
    });

    test("a wrong path is kind bad-request 404", async () => {
        const error = await teacherError(new OpenAiTeacher({ baseURL: `http://127.0.0.1:${server.port}/nothing/v1`, model: "x", maxRetries: 0 }).continue(story));
        assert.equal(error.kind, "bad-request");
        assert.equal(error.status, 404);
    });

    test("an exception from onText propagates unchanged", async () => {
        const boom = new RangeError("renderer failed");
        const error = await rejection(teacher().continue({ ...story, maxTokens: 40, onText: () => { throw boom; } }));
        assert.equal(error, boom);
        assert.equal((await teacher().continue(story)).finishReason, "length", "the server still answers afterwards");
    });

    describe("chat style (the model has no chat template: llama-server falls back to ChatML)", () => {
        test("without a partial answer it writes a fresh answer", async () => {
            const result = await teacher({ api: "chat" }).continue({ ...story, partial: "" });
            assert.ok(result.text.length > 0);
            assert.equal(result.finishReason, "length");
            assert.ok(result.usage!.completionTokens <= story.maxTokens);
        });

        for (const prefill of ["auto", "vllm", "llama-server", "deepseek"] as const) {
            test(`prefill ${prefill} continues the partial answer exactly like the raw ChatML prompt`, async () => {
                const request = { ...story, partial: "Once upon a time", maxTokens: 12, temperature: 0 };
                const raw = await teacher().continue({ ...request, templatedPrompt: chatml(request.messages[0]!.content, ""), partial: request.partial });
                const deltas: string[] = [];
                const chat = await teacher({ api: "chat", prefill }).continue({ ...request, onText: (delta) => deltas.push(delta) });
                assert.equal(chat.text, raw.text, "greedy continuation of the same rendered prompt");
                assert.ok(!chat.text.startsWith(request.partial), "the stream does not echo the prefill");
                assert.equal(deltas.join(""), chat.text);
                assert.equal(chat.usage!.promptTokens, raw.usage!.promptTokens);
            });
        }

        test("instruction style sends the instruction and gets an answer", async () => {
            const result = await teacher({ api: "chat", prefill: "instruction" }).continue({ ...story, partial: "Once upon a time" });
            assert.ok(result.text.length > 0);
            assert.ok(result.usage!.promptTokens > 40, "the instruction message is part of the prompt");
        });
    });

    describe("cancel", () => {
        test("aborting mid-answer rejects with AbortError at once", async () => {
            const controller = new AbortController();
            let started = 0;
            const error = await rejection(
                teacher().continue({
                    ...story,
                    maxTokens: 400,
                    signal: controller.signal,
                    onText: () => {
                        if (started === 0) {
                            started = performance.now();
                            controller.abort();
                        }
                    },
                }),
            );
            assert.ok(error instanceof AbortError, String(error));
            assert.ok(performance.now() - started < 200, `${performance.now() - started} ms`);
        });

        test("aborting while the server hangs rejects with AbortError long before the timeout", async () => {
            const controller = new AbortController();
            server.pause();
            try {
                const started = performance.now();
                setTimeout(() => controller.abort(), 100);
                const error = await rejection(teacher({ timeoutMs: 30_000 }).continue({ ...story, signal: controller.signal }));
                assert.ok(error instanceof AbortError, String(error));
                assert.ok(performance.now() - started < 1000, `${performance.now() - started} ms`);
            } finally {
                server.resume();
            }
        });

        test("an already aborted signal rejects without a request", async () => {
            const error = await rejection(teacher().continue({ ...story, signal: AbortSignal.abort() }));
            assert.ok(error instanceof AbortError);
        });
    });

    describe("timeouts (server frozen with SIGSTOP)", () => {
        test("no response within timeoutMs is kind timeout", async () => {
            server.pause();
            try {
                const started = performance.now();
                const error = await teacherError(teacher({ timeoutMs: 300 }).continue(story));
                assert.equal(error.kind, "timeout");
                assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
            } finally {
                server.resume();
            }
        });

        test("silence in the middle of a streamed answer is kind timeout", async () => {
            let paused = false;
            try {
                const error = await teacherError(
                    teacher({ timeoutMs: 300 }).continue({
                        ...story,
                        templatedPrompt: "Once",
                        partial: "",
                        maxTokens: 400,
                        onText: () => {
                            if (!paused) server.pause();
                            paused = true;
                        },
                    }),
                );
                assert.equal(error.kind, "timeout");
            } finally {
                server.resume();
            }
        });
    });
});

describe("OpenAiTeacher when no server answers", () => {
    test("a port nobody listens on is kind unreachable, fast", async () => {
        const port = await freeLoopbackPort();
        const started = performance.now();
        const error = await teacherError(new OpenAiTeacher({ baseURL: `http://127.0.0.1:${port}/v1`, model: "x", maxRetries: 0 }).continue(story));
        assert.equal(error.kind, "unreachable");
        assert.ok(error.message.includes(`127.0.0.1:${port}`), error.message);
        assert.ok(performance.now() - started < 1000, `${performance.now() - started} ms`);
    });

    test("a server killed before the call is kind unreachable", async () => {
        const server = await startLlamaServer();
        const teacher = new OpenAiTeacher({ baseURL: server.baseURL, model: "x", maxRetries: 0 });
        assert.equal((await teacher.continue(story)).finishReason, "length");
        server.kill();
        await server.stop();
        assert.equal((await teacherError(teacher.continue(story))).kind, "unreachable");
    });

    test("a server killed in the middle of an answer is kind unreachable", async () => {
        const server = await startLlamaServer();
        try {
            const teacher = new OpenAiTeacher({ baseURL: server.baseURL, model: "x", maxRetries: 0 });
            const error = await teacherError(teacher.continue({ ...story, templatedPrompt: "Once", partial: "", maxTokens: 400, onText: () => server.kill() }));
            assert.equal(error.kind, "unreachable");
            assert.match(error.message, /middle of an answer/);
        } finally {
            await server.stop();
        }
    });
});
