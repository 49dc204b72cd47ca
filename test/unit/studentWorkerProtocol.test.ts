import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, ModelLoadError } from "../../src/relay/errors";
import { StudentCrashedError } from "../../src/relay/studentCrashedError";
import { GrammarError } from "../../src/student/model/grammarError";
import { describeModel } from "../../src/student/model/modelIdentity";
import { TextBatcher } from "../../src/student/worker/textBatcher";
import { deserializeError, parseClientMessage, parseWorkerMessage, serializeError } from "../../src/student/worker/workerProtocol";
import { resolveWorkerEntry } from "../../src/student/worker/workerStudent";

describe("student worker protocol", () => {
    it("rethrows engine errors as their own class with the same message", () => {
        const error = deserializeError(serializeError(new ModelLoadError("Student model file /x.gguf does not exist.")));
        assert.ok(error instanceof ModelLoadError);
        assert.equal(error.message, "Student model file /x.gguf does not exist.");
        assert.ok(deserializeError(serializeError(new StudentCrashedError("gone"))) instanceof StudentCrashedError);
        assert.ok(deserializeError(serializeError(new ConfigError("bad"))) instanceof ConfigError);
    });

    it("keeps the name of errors it does not know", () => {
        const error = deserializeError(serializeError(new TypeError("nope")));
        assert.equal(error.name, "TypeError");
        assert.equal(error.message, "nope");
        assert.equal(deserializeError({ name: "constructor", message: "x" }).name, "constructor");
    });

    it("accepts well-formed messages and rejects malformed ones", () => {
        assert.ok(parseClientMessage({ type: "session/append", id: 3, sessionId: 1, text: "x" }));
        assert.ok(parseClientMessage({ type: "generate/abort", generateId: 4 }));
        assert.equal(parseClientMessage({ type: "session/append", id: 3, sessionId: 1 }), undefined);
        assert.equal(parseClientMessage({ type: "session/explode", id: 3 }), undefined);
        assert.equal(parseClientMessage("session/append"), undefined);
        assert.ok(parseWorkerMessage({ type: "generate/text", id: 2, delta: "hi" }));
        assert.ok(parseWorkerMessage({ type: "result", id: 2, request: "session/dispose", result: null }));
        assert.equal(parseWorkerMessage({ type: "result", id: 2, request: "nonsense", result: null }), undefined);
        assert.equal(parseWorkerMessage({ type: "error", id: 2, error: "boom" }), undefined);
    });

    it("checks the payloads, not only the envelope, and drops unknown fields", () => {
        const generate = { type: "session/generate", id: 1, sessionId: 0, request: { maxTokens: 8, streamText: true, confidenceStop: { trigger: "top1", threshold: 0.2, minTokens: 1 } } };
        assert.deepEqual(parseClientMessage({ ...generate, extra: "x" }), generate);
        assert.equal(parseClientMessage({ ...generate, request: { maxTokens: 8 } }), undefined);
        assert.equal(parseClientMessage({ ...generate, request: { ...generate.request, confidenceStop: { trigger: "vibes", threshold: 0.2, minTokens: 1 } } }), undefined);
        assert.equal(parseClientMessage({ type: "session/start", id: 1, options: { messages: [{ role: "wizard", content: "hi" }] } }), undefined);
        assert.equal(parseWorkerMessage({ type: "result", id: 2, request: "session/generate", result: { text: "x", tokens: 1 } }), undefined);
        assert.equal(parseWorkerMessage({ type: "result", id: 2, request: "session/append", result: "3" }), undefined);
        const grammar = parseWorkerMessage({ type: "error", id: 2, error: { name: "GrammarError", message: "parse error", problem: "line 3" } });
        assert.ok(grammar?.type === "error");
        assert.ok(deserializeError(grammar.error) instanceof GrammarError);
        assert.deepEqual((deserializeError(grammar.error) as GrammarError).problem, {});
    });

    it("runs the worker from TypeScript source through tsx when the client is TypeScript", () => {
        const entry = resolveWorkerEntry();
        assert.equal(entry.modulePath, join(__dirname, "..", "..", "src", "student", "worker", "studentWorker.ts"));
        assert.deepEqual(entry.execArgv, ["--import", "tsx"]);
        assert.deepEqual(resolveWorkerEntry({ workerPath: "/opt/relay/student-worker.js" }), { modulePath: "/opt/relay/student-worker.js", execArgv: [] });
    });
});

describe("describeModel", () => {
    it("uses general.name unless it is only the architecture", () => {
        assert.equal(describeModel({ general: { name: "Qwen3 1.7B", architecture: "qwen3" } }, "/m/q.gguf").name, "Qwen3 1.7B");
        assert.equal(describeModel({ general: { name: "llama", architecture: "llama" } }, "/m/stories260K.gguf").name, "stories260K");
        assert.equal(describeModel({}, "/m/x.GGUF").name, "x");
    });

    it("marks relay-trained models by metadata or name, with an override", () => {
        assert.equal(describeModel({ general: { name: "Qwen3 1.7B" } }, "/m/q.gguf").relayTrained, false);
        assert.equal(describeModel({ general: { name: "RelayLLM Qwen3 1.7B" } }, "/m/q.gguf").relayTrained, true);
        assert.equal(describeModel({}, "/m/qwen3-relay-q4.gguf").relayTrained, true);
        assert.equal(describeModel({ relayllm: { call_format: "<call>n</call>" } }, "/m/q.gguf").relayTrained, true);
        assert.equal(describeModel({ relayllm: { trained: false } }, "/m/relay.gguf").relayTrained, false);
        assert.equal(describeModel({}, "/m/relay.gguf", false).relayTrained, false);
        assert.equal(describeModel({}, "/m/q.gguf", true).relayTrained, true);
    });
});

describe("TextBatcher", () => {
    it("sends the first delta at once and batches the ones right after it (mock timers)", (context) => {
        context.mock.timers.enable({ apis: ["setTimeout"] });
        const sent: string[] = [];
        const batcher = new TextBatcher((text) => sent.push(text), 50);
        batcher.push("a");
        batcher.push("b");
        batcher.push("c");
        assert.deepEqual(sent, ["a"]);
        batcher.flush();
        assert.deepEqual(sent, ["a", "bc"]);
        batcher.push("d");
        context.mock.timers.tick(49);
        assert.deepEqual(sent, ["a", "bc"], "held for the batch window");
        context.mock.timers.tick(1);
        assert.deepEqual(sent, ["a", "bc", "d"]);
    });
});
