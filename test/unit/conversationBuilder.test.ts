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

    it("states a selection's problems after its code, line, severity and message, counted in the budget before the code is cut", () => {
        const diagnostics = [
            { line: 1, severity: "error" as const, message: "Type 'string' is not assignable to type 'number'." },
            { line: 2, severity: "warning" as const, message: "'count' is declared\n  but never read." },
        ];
        const code = 'const count: number = "three";\nexport {};';
        assert.equal(
            questionWithAttachments("Why?", [{ label: "broken.ts", languageId: "typescript", text: code, diagnostics }]),
            `From broken.ts, a typescript file:\n\n\`\`\`typescript\n${code}\n\`\`\`\n\nProblems reported in this code (line 1 is its first line):\n- line 1, error: Type 'string' is not assignable to type 'number'.\n- line 2, warning: 'count' is declared but never read.\n\nWhy?`,
        );
        // A quarter of an 800-character budget holds the heading, two problems and a note; the code gets what is left.
        const many = Array.from({ length: 5 }, (_, index) => ({ line: index + 1, severity: "error" as const, message: `Problem number ${index + 1} in this line of code.` }));
        const question = questionWithAttachments("Q", [{ label: "x.txt", languageId: "plaintext", text: "x".repeat(1000), diagnostics: many }], 800);
        const problems = question.slice(question.indexOf("Problems reported"), question.lastIndexOf("\n\nQ"));
        assert.ok(problems.length <= 200, problems);
        assert.match(problems, /- line 1, [^\n]+\n- line 2, error: Problem number 2 in this line of code\.\n\(3 more problems left out\)$/);
        assert.equal(question.match(/x{10,}/)![0].length, 800 - (problems.length + 2), "the code is cut to the budget the problems left");
        // Too small a share for even the heading: no problems paragraph at all, never a budget overrun.
        assert.ok(!questionWithAttachments("Q", [{ label: "x.txt", languageId: "plaintext", text: "x", diagnostics: many }], 200).includes("Problems"));
    });
});

describe("a conversation as a student without a chat template reads it", () => {
    it("each answer continues its question as written, each later question starts a paragraph", () => {
        const messages = buildConversation([{ question: "Once upon a time there was", answer: " a little girl." }], "What was her name?");
        assert.equal(plainConversationText(messages), "Once upon a time there was a little girl.\n\nWhat was her name?");
    });
});
