import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConfigError, ModelLoadError } from "../../src/relay/errors";
import type { StudentSession, StudentTurn } from "../../src/relay/student";
import { loadLlamaStudent, type LlamaStudent } from "../../src/student";
import { CommandBlocker } from "../../src/student/decoding/commandBlocker";
import { tokenizeContinuation } from "../../src/student/decoding/continuationTokenizer";
import { importNodeLlamaCpp } from "../../src/student/model/nodeLlamaCpp";
import { studentModelPath } from "../support/paths";

const prompt = "Once upon a time";
const callGrammar = 'root ::= [a-z ]{5,40} "<call>" [1-9] "</call>" [a-z .]{5,40}';

describe("LlamaStudent on stories260K", () => {
    let student: LlamaStudent;

    before(async () => {
        student = await loadLlamaStudent({ model: studentModelPath, threads: 1 });
    });
    after(async () => {
        await student?.dispose();
    });

    async function oneTurn(options: { grammar?: string; stopStrings?: string[]; suppress?: string[]; maxTokens?: number }): Promise<StudentTurn> {
        const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0, grammar: options.grammar });
        try {
            return await session.generate({ maxTokens: options.maxTokens ?? 80, stopStrings: options.stopStrings, suppress: options.suppress });
        } finally {
            await session.dispose();
        }
    }

    it("names the model after its file and does not call it relay-trained", () => {
        assert.deepEqual(student.info, { name: "stories260K", relayTrained: false });
        assert.equal(student.threads, 1);
    });

    it("generates the same greedy text every time and streams it in whole pieces", async () => {
        const streamed: string[] = [];
        const first = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const a = await first.generate({ maxTokens: 48, onText: (delta) => streamed.push(delta) });
        await first.dispose();
        const b = await oneTurn({ maxTokens: 48 });
        assert.equal(first.templatedPrompt, prompt);
        assert.equal(a.stopReason, "max-tokens");
        assert.equal(a.tokens, 48);
        assert.match(a.text, /^, there was a little girl/);
        assert.equal(b.text, a.text);
        assert.equal(streamed.join(""), a.text);
    });

    it("sampled sessions started within one second write different texts (no seed given: each session draws its own)", async () => {
        // node-llama-cpp's own default seed is the current second: Regenerate right after an answer wrote it again.
        const texts: string[] = [];
        for (let index = 0; index < 3; index++) {
            const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 1 });
            texts.push((await session.generate({ maxTokens: 32 })).text);
            await session.dispose();
        }
        assert.equal(new Set(texts).size, texts.length, JSON.stringify(texts));
    });

    it("stops on a grammar-forced </call> and includes it in the text", async () => {
        const turn = await oneTurn({ grammar: callGrammar, stopStrings: ["</call>"] });
        assert.equal(turn.stopReason, "stop-string");
        assert.match(turn.text, /^[a-z ]{5,40}<call>[1-9]<\/call>$/);
    });

    it("evaluates only the pending token and the appended text after a call, never the prefix", async () => {
        const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0, grammar: callGrammar });
        const call = await session.generate({ maxTokens: 80, stopStrings: ["</call>"] });
        // BOS + the four prompt tokens, less those still cached from an earlier session with the same prompt.
        assert.equal(session.promptTokens, 5);
        assert.equal(call.inputTokensEvaluated, 5 - session.reusedPromptTokens);
        const appended = await session.append("some text");
        assert.equal(appended, await session.countTokens("some text"));
        const next = await session.generate({ maxTokens: 10 });
        await session.dispose();
        assert.equal(next.inputTokensEvaluated, appended + 1);
        assert.ok(next.tokens > 0);
    });

    it("stops with low-confidence before a doubtful token and never keeps it", async () => {
        const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const doubtful = await session.generate({ maxTokens: 40, confidenceStop: { threshold: 0.99, minTokens: 2 } });
        const rest = await session.generate({ maxTokens: 40 - doubtful.tokens });
        await session.dispose();
        assert.equal(doubtful.stopReason, "low-confidence");
        assert.ok(doubtful.tokens >= 2 && doubtful.tokens < 40);
        assert.equal(rest.inputTokensEvaluated, 1); // the last kept token is re-fed, the rejected one never was
        assert.equal(doubtful.text + rest.text, (await oneTurn({ maxTokens: 40 })).text);
    });

    it("the command blocker forbids only the token that completes <call> where it completes it: a bare < stays", async () => {
        const nlc = await importNodeLlamaCpp();
        const blocker = CommandBlocker.create(nlc.TokenBias, student.model, ["<call>"])!;
        const lessThan = student.model.tokenize("<", false)[0]!;
        // stories260K writes `<call>` starting with the very `<` token that `x < 5` needs.
        assert.equal(student.model.tokenize("<call>", false)[0], lessThan);
        const forbidden = (recent: string, text: string) => blocker.forbids(recent, student.model.tokenize(text, false, "trimLeadingSpace")[0]!);
        assert.equal(forbidden("x ", "<"), false);
        assert.equal(forbidden("once upon a time", "<"), false);
        assert.equal(forbidden("<call", ">"), true);
        assert.equal(forbidden("<cal", ">"), false);
        assert.equal(forbidden("<call", "."), false);
    });

    it("teacher-free decoding without a grammar is the free greedy text when no command comes up (no collateral)", async () => {
        const free = await oneTurn({ maxTokens: 60 });
        const suppressed = await oneTurn({ maxTokens: 60, suppress: ["<call>"] });
        assert.equal(suppressed.text, free.text);
    });

    it("under a grammar that forces a command, suppression gives way (the engine strips it) instead of killing the sampler", async () => {
        const turn = await oneTurn({ grammar: callGrammar, stopStrings: ["</call>"], suppress: ["<call>"] });
        assert.match(turn.text, /<call>[1-9]<\/call>$/);
    });

    it("stops right after a stop string that ends inside a token and continues from there", async () => {
        const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const cut = await session.generate({ maxTokens: 40, stopStrings: ["girl named Li"] });
        const next = await session.generate({ maxTokens: 3 });
        await session.dispose();
        assert.equal(cut.stopReason, "stop-string");
        assert.equal(cut.text, ", there was a little girl named Li");
        assert.ok(next.inputTokensEvaluated >= 1);
        assert.doesNotMatch(next.text, /^ly/); // "Lily" was cut, so the context holds " Li", not "Lily"
    });

    it("stops with aborted when the signal fires and keeps what it generated", async () => {
        const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const abort = new AbortController();
        const turn = await session.generate({ maxTokens: 200, signal: abort.signal, onText: () => abort.abort() });
        const next = await session.generate({ maxTokens: 1 });
        await session.dispose();
        assert.equal(turn.stopReason, "aborted");
        assert.equal(turn.tokens, 1);
        assert.equal(next.inputTokensEvaluated, 1);
    });

    it("tokenizes appended text so that the context reads back exactly as the text", () => {
        const model = student.model;
        const before = model.tokenize("Once upon a time, there was");
        for (const text of ["hello", " hello", "\nfoo", "\n\nbar", "  two spaces", "<call>1</call>", "x = a < b;\n"]) {
            const tokens = tokenizeContinuation(model, text, before);
            assert.equal(model.detokenize(tokens, false, before), text, JSON.stringify(text));
        }
    });

    it("runs two sessions at once on separate contexts", async () => {
        const [a, b] = await Promise.all([0, 1].map(() => student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 })));
        const [turnA, turnB] = await Promise.all([a!.generate({ maxTokens: 20 }), b!.generate({ maxTokens: 20 })]);
        await Promise.all([a!.dispose(), b!.dispose()]);
        assert.equal(turnA.text, turnB.text);
        assert.equal(turnA.text, (await oneTurn({ maxTokens: 20 })).text);
    });

    it("rejects a grammar that is not valid GBNF with ConfigError", async () => {
        await assert.rejects(student.startSession({ messages: [{ role: "user", content: prompt }], grammar: "root ::= (" }), ConfigError);
    });

    it("asks again after end of generation without crashing", async () => {
        const session = await student.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0, grammar: "root ::= [a-z ]{5,10}" });
        const done = await session.generate({ maxTokens: 40 });
        const again = await session.generate({ maxTokens: 40 });
        await session.dispose();
        assert.equal(done.stopReason, "eos");
        assert.deepEqual(again, { text: "", tokens: 0, stopReason: "eos", inputTokensEvaluated: 1 });
    });
});

describe("LlamaStudent limits", () => {
    it("ends a turn with max-tokens when the context is full instead of dropping the prompt", async () => {
        const small = await loadLlamaStudent({ model: studentModelPath, threads: 1, contextSize: 64 });
        let session: StudentSession | undefined;
        try {
            session = await small.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
            const full = await session.generate({ maxTokens: 5000 });
            assert.equal(full.stopReason, "max-tokens");
            assert.equal(5 + full.tokens, small.contextSize); // every cell used, the last token still pending
            await session.append("more");
            assert.deepEqual(await session.generate({ maxTokens: 10 }), { text: "", tokens: 0, stopReason: "max-tokens", inputTokensEvaluated: 0 });
        } finally {
            await session?.dispose();
            await small.dispose();
        }
    });

    it("rejects a missing model file with ModelLoadError naming the path", async () => {
        const missing = "/nonexistent/models/missing.gguf";
        await assert.rejects(loadLlamaStudent({ model: missing, threads: 1 }), (error: unknown) => {
            assert.ok(error instanceof ModelLoadError);
            assert.equal(error.message, `Student model file ${missing} does not exist.`);
            return true;
        });
    });

    it("honours a relayTrained override", async () => {
        const relay = await loadLlamaStudent({ model: studentModelPath, threads: 1, relayTrained: true, contextSize: 256 });
        await relay.dispose();
        assert.equal(relay.info.relayTrained, true);
    });
});
