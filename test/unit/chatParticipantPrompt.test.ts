// The conversation an @relay request hands the engine: history, attachments, the question.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { participantConversation } from "../../src/extension/chatParticipantPrompt";

describe("participantConversation", () => {
    it("puts earlier turns first and attached files before the question", () => {
        const messages = participantConversation(
            [
                { role: "user", prompt: "What is 2+2?" },
                { role: "assistant", answer: "4" },
            ],
            "And what does this file do?",
            [{ label: "src/add.ts", languageId: "typescript", text: "export const add = (a: number, b: number) => a + b;" }],
        );
        assert.deepEqual(messages, [
            { role: "user", content: "What is 2+2?" },
            { role: "assistant", content: "4" },
            { role: "user", content: "From add.ts, a typescript file:\n\n```typescript\nexport const add = (a: number, b: number) => a + b;\n```\n\nAnd what does this file do?" },
        ]);
    });

    it("leaves out a question whose answer failed, so turns alternate and the conversation ends with the user", () => {
        const messages = participantConversation(
            [
                { role: "user", prompt: "first" },
                { role: "assistant", answer: "" },
                { role: "user", prompt: "second" },
                { role: "assistant", answer: "two" },
            ],
            "third",
            [],
        );
        assert.deepEqual(
            messages.map((message) => `${message.role}:${message.content}`),
            ["user:second", "assistant:two", "user:third"],
        );
    });

    it("cuts attachments to the budget and names the ones left out", () => {
        const messages = participantConversation([], "Explain.", [
            { label: "a.txt", languageId: "plaintext", text: "a".repeat(30) },
            { label: "b.txt", languageId: "plaintext", text: "b".repeat(30) },
        ], 20);
        assert.equal(messages.length, 1);
        assert.equal(messages[0]!.content, `From a.txt, a plaintext file:\n\n${"a".repeat(20)}\n(cut to fit the local model)\n\n(b.txt left out: the attached files exceed what the local model can read)\n\nExplain.`);
    });
});
