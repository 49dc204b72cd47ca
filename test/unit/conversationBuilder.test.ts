// The one conversation shape every front end (panel, @relay, the language-model provider) hands the engine.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildConversation, questionWithAttachments } from "../../src/extension/conversationBuilder";
import { checkConversation } from "../../src/relay";
import { plainConversationText } from "../../src/student/decoding/promptTemplate";

describe("buildConversation and questionWithAttachments", () => {
    it("puts earlier exchanges first and attached files before the question", () => {
        const messages = buildConversation(
            [{ question: "What is 2+2?", answer: "4" }],
            questionWithAttachments("And what does this file do?", [{ label: "src/add.ts", languageId: "typescript", text: "export const add = (a: number, b: number) => a + b;" }]),
        );
        assert.deepEqual(messages, [
            { role: "user", content: "What is 2+2?" },
            { role: "assistant", content: "4" },
            { role: "user", content: "From add.ts, a typescript file:\n\n```typescript\nexport const add = (a: number, b: number) => a + b;\n```\n\nAnd what does this file do?" },
        ]);
        assert.doesNotThrow(() => checkConversation(messages));
    });

    it("leaves out a question whose answer failed, so turns alternate and the conversation ends with the user", () => {
        const messages = buildConversation([{ question: "first", answer: "" }, { question: "broken" }, { question: "second", answer: " two " }], "third", "Be brief.");
        assert.deepEqual(
            messages.map((message) => `${message.role}:${message.content}`),
            ["system:Be brief.", "user:second", "assistant: two ", "user:third"],
        );
        assert.deepEqual(buildConversation([], "Hi"), [{ role: "user", content: "Hi" }]);
    });

    it("cuts attachments to one budget and names the ones left out; an unknown language is left out of the header", () => {
        const question = questionWithAttachments("Explain.", [
            { label: "a.txt", languageId: "plaintext", text: "a".repeat(30) },
            { label: "b.txt", languageId: "plaintext", text: "b".repeat(30) },
        ], 20);
        assert.equal(question, `From a.txt, a plaintext file:\n\n${"a".repeat(20)}\n(cut to fit the local model)\n\n(b.txt left out: the attached files exceed what the local model can read)\n\nExplain.`);
        assert.equal(questionWithAttachments("Q", [{ label: "src/x", text: "a ``` b" }]), "From src/x:\n\n````\na ``` b\n````\n\nQ");
    });
});

describe("a conversation as a student without a chat template reads it", () => {
    it("each answer continues its question as written, each later question starts a paragraph", () => {
        const messages = buildConversation([{ question: "Once upon a time there was", answer: " a little girl." }], "What was her name?");
        assert.equal(plainConversationText(messages), "Once upon a time there was a little girl.\n\nWhat was her name?");
    });
});
