import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conversationMarkdown } from "../../src/extension/conversationMarkdown";
import type { ChatTurn } from "../../src/protocol/messages";

const usage = { studentTokens: 10, teacherTokens: 2, teacherOutputTokens: 2, teacherPromptTokens: 20, teacherCachedPromptTokens: 0, calls: 1, callRatio: 2 / 12, costUSD: 0, teacherOnlyCostUSD: 0 };

describe("a conversation as Markdown (Copy / Export / Open in Editor)", () => {
    it("questions, answers with the teacher's spans in italics, usage lines, failed turns said", () => {
        const turns: ChatTurn[] = [
            {
                id: "a",
                prompt: "What is 6 times 7?",
                startedAt: 1,
                result: { mode: "learned", templatedPrompt: "", text: "It is 42.", spans: [{ source: "student", text: "It is " }, { source: "teacher", text: "42", call: 0 }, { source: "student", text: "." }], calls: [], usage, stopReason: "eos" },
            },
            { id: "b", prompt: "And 7 times 8?", startedAt: 2, error: "no student model is set" },
        ];
        const markdown = conversationMarkdown("Times tables", turns);
        assert.match(markdown, /^# Times tables\n\n\*\*You:\*\*\n\nWhat is 6 times 7\?\n\n\*\*Relay:\*\*\n\nIt is \*42\*\.\n\n\*student 10 tok/);
        assert.match(markdown, /\*\*You:\*\*\n\nAnd 7 times 8\?\n\n\*No answer: no student model is set\*/);
        assert.match(markdown, /Italics: written by the teacher model/);
    });
});
