import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConversationStore, conversationTitle, MAX_STORED_TURNS, readStoredConversations } from "../../src/extension/conversationStore";
import { prefillWarning, presetSettings, TEACHER_PRESETS } from "../../src/extension/teacherPresets";
import { modelIds } from "../../src/extension/teacherModels";
import { checkConversation, type SolveResult } from "../../src/relay";
import { choosePrefill } from "../../src/teacher";
import type { ChatTurn } from "../../src/protocol/messages";

/** A scripted stand-in for VS Code's workspaceState (a Memento): a Map behind get/update. */
function memento(initial: Record<string, unknown> = {}) {
    const values = new Map(Object.entries(initial));
    return {
        values,
        get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
        update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, structuredClone(value))),
        keys: () => [...values.keys()],
    };
}

const usage = { studentTokens: 5, teacherTokens: 0, teacherOutputTokens: 0, teacherPromptTokens: 0, teacherCachedPromptTokens: 0, calls: 0, callRatio: 0, costUSD: 0, teacherOnlyCostUSD: 0 };
const answered = (id: string, prompt: string, text: string): ChatTurn => ({
    id,
    prompt,
    startedAt: 1,
    result: { mode: "teacher-free", templatedPrompt: prompt, text, spans: [{ source: "student", text }], calls: [], usage, stopReason: "eos", limits: { maxTokens: 8192, maxCalls: 5, protocol: "relay" }, denied: {}, droppedMessages: 0 } satisfies SolveResult,
});

describe("conversation store (workspace state)", () => {
    it("keeps several conversations across a reload, newest first, and remembers the one shown", async () => {
        const state = memento();
        const store = new ConversationStore(state as never);
        const first = store.active;
        first.turns.push(answered("t1", "First question", "A"));
        first.title = conversationTitle("First question");
        store.touch(first, 10);
        const second = store.startNew();
        assert.notEqual(second.id, first.id);
        second.turns.push(answered("t2", "Second question", "B"));
        store.touch(second, 20);
        await store.save();

        const reloaded = new ConversationStore(state as never);
        assert.equal(reloaded.active.id, second.id);
        assert.deepEqual(reloaded.summaries().map((summary) => [summary.title, summary.turns]), [["New chat", 1], ["First question", 1]]);
        assert.ok(reloaded.open(first.id));
        assert.equal(reloaded.active.turns[0]!.result!.text, "A");
        reloaded.delete(first.id);
        assert.equal(reloaded.active.id, second.id);
        assert.equal(reloaded.summaries().length, 1);
        // A new, still empty conversation is shown but is no history entry.
        reloaded.startNew();
        assert.equal(reloaded.summaries().length, 1);
    });

    it("tells conversations with the same first question apart by number", () => {
        const store = new ConversationStore(memento() as never);
        const first = store.active;
        first.turns.push(answered("t1", "Fix this", "A"));
        first.title = store.distinctTitle("Fix this", first.id);
        const second = store.startNew();
        assert.equal(store.distinctTitle("Fix this", second.id), "Fix this (2)");
        second.title = "Fix this (2)";
        second.turns.push(answered("t2", "Fix this", "B"));
        assert.equal(store.distinctTitle("Fix this", store.startNew().id), "Fix this (3)");
        assert.equal(store.distinctTitle("Other", second.id), "Other");
    });

    it("renames a conversation (one line, trimmed, bounded; kept across a reload) and gives the search its questions", async () => {
        const state = memento();
        const store = new ConversationStore(state as never);
        const conversation = store.active;
        conversation.turns.push(answered("t1", "First question", "A"), answered("t2", "Second one", "B"));
        assert.equal(store.rename(conversation.id, "  Parser\n bug  "), true);
        assert.equal(store.rename(conversation.id, "   "), false, "an empty title is refused");
        assert.equal(store.rename("no-such-id", "x"), false);
        await store.save();
        const [summary] = new ConversationStore(state as never).summaries();
        assert.equal(summary!.title, "Parser bug");
        assert.equal(summary!.questions, "First question\nSecond one");
        assert.ok(store.rename(conversation.id, "x".repeat(500)));
        assert.equal(store.summaries()[0]!.title.length, 80);
        conversation.turns.push(answered("t3", "y".repeat(5000), "C"));
        assert.equal(store.summaries()[0]!.questions!.length, 2000, "the search text is bounded");
    });

    it("drops malformed stored data instead of trusting it", () => {
        const stored = readStoredConversations([
            { id: "ok", title: "T", createdAt: 1, updatedAt: 2, turns: [answered("t", "Q", "A"), { id: 3, prompt: "bad" }, { id: "x", prompt: "Q", result: { spans: "no" }, denied: { budget: -1, nonsense: 2 }, errorAction: "rm -rf" }] },
            { title: "no id" },
            "junk",
        ]);
        assert.equal(stored.length, 1);
        assert.equal(stored[0]!.turns.length, 2);
        const bad = stored[0]!.turns[1]!;
        assert.equal(bad.result, undefined);
        assert.equal(bad.denied, undefined);
        assert.equal(bad.errorAction, undefined);
        assert.deepEqual(readStoredConversations({ not: "a list" }), []);
    });

    it("moves the single conversation of older versions over once, and bounds what it stores", async () => {
        const turns = Array.from({ length: MAX_STORED_TURNS + 5 }, (_, index) => answered(`t${index}`, `Question ${index}`, "A"));
        const state = memento({ "relay.conversation": turns });
        const store = new ConversationStore(state as never);
        assert.equal(store.active.title, "Question 0");
        await store.save();
        assert.equal(state.values.has("relay.conversation"), false);
        const saved = state.values.get("relay.conversations") as { turns: unknown[] }[];
        assert.equal(saved[0]!.turns.length, MAX_STORED_TURNS);
    });

    it("titles a conversation by its question's first line, or the attached file", () => {
        assert.equal(conversationTitle("\n  Why does this loop never end?\nmore"), "Why does this loop never end?");
        assert.equal(conversationTitle("", "parser.ts"), "About parser.ts");
        assert.equal(conversationTitle("x".repeat(100)).length, 58);
    });
});

describe("teacher providers", () => {
    it("has a preset for each provider the issue names, each with a URL, style, prefill and prices", () => {
        assert.deepEqual(TEACHER_PRESETS.map((preset) => preset.id), ["openai", "deepseek", "mistral", "groq", "openrouter", "vllm", "llama-server", "ollama", "lm-studio"]);
        for (const preset of TEACHER_PRESETS) {
            assert.ok(new URL(preset.baseUrl).pathname.endsWith("/v1") || preset.baseUrl.endsWith("/beta"), preset.id);
            const values = presetSettings(preset);
            assert.deepEqual(Object.keys(values).sort(), ["teacher.api", "teacher.baseUrl", "teacher.model", "teacher.prefill", "teacher.prices.cachedInputPerMillion", "teacher.prices.inputPerMillion", "teacher.prices.outputPerMillion"]);
        }
    });

    it("warns exactly where a provider cannot continue a partial answer, agreeing with the adapter's choice", () => {
        for (const preset of TEACHER_PRESETS) {
            const style = choosePrefill(preset.prefill, preset.baseUrl);
            const warning = prefillWarning(preset.label, preset.api, style);
            assert.equal(warning !== undefined, !preset.continuesPartialAnswer, preset.id);
        }
        assert.match(prefillWarning("OpenAI", "chat", "instruction")!, /cannot continue a partial answer/);
        assert.equal(prefillWarning("x", "completions", "instruction"), undefined);
    });

    it("reads model ids from an OpenAI-style list and ignores anything else", () => {
        assert.deepEqual(modelIds({ object: "list", data: [{ id: "qwen3-8b" }, { id: "qwen3-8b" }, { id: 4 }, "x", { id: "llama" }] }), ["qwen3-8b", "llama"]);
        assert.deepEqual(modelIds({ models: [{ name: "a" }] }), []);
        assert.deepEqual(modelIds(null), []);
    });
});
