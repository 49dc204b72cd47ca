// Request shaping for Relay as a VS Code language model. The Copilot-style requests below are hand-written
// fixtures in the shape measured in code-server 4.139.1 (system prompt, <context>/<userRequest> tags, tool turns).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RELAY_SYSTEM_LINE, shapeRequest, titleFrom, unwrapUserTurn, type PlainMessage } from "../../src/extension/chatRequestShaping";

const text = (role: PlainMessage["role"], value: string): PlainMessage => ({ role, parts: [{ kind: "text", text: value }] });
const agentSystem = text("system", `You are an expert AI programming assistant… ${"Use the read_file tool. ".repeat(400)}`);
const userTurn = (request: string, extra = "") =>
    text("user", `<context>\nThe current date is 2 December 2026.\nMy current OS is: Linux\n</context>\n${extra}<userRequest>\n${request}\n</userRequest>`);

describe("shapeRequest: Copilot's agent request", () => {
    it("drops the system prompt and tool definitions for one short system line and unwraps <userRequest>", () => {
        const shaped = shapeRequest([agentSystem, userTurn("What is 17 * 23?")], 39);
        assert.equal(shaped.kind, "relay");
        if (shaped.kind !== "relay") return;
        assert.equal(shaped.origin, "copilot-agent");
        assert.deepEqual(shaped.messages, [
            { role: "system", content: RELAY_SYSTEM_LINE },
            { role: "user", content: "What is 17 * 23?" },
        ]);
    });

    it("keeps earlier turns' text, drops tool calls and tool results, merges what then sits side by side", () => {
        const messages: PlainMessage[] = [
            agentSystem,
            userTurn("Write a function that adds two numbers."),
            { role: "assistant", parts: [{ kind: "text", text: "Let me look at the file." }, { kind: "tool-call", name: "read_file" }] },
            { role: "user", parts: [{ kind: "tool-result", text: "export {}" }] },
            text("assistant", "function add(a, b) { return a + b; }"),
            userTurn("And for three numbers?"),
        ];
        const shaped = shapeRequest(messages, 39);
        assert.equal(shaped.kind, "relay");
        if (shaped.kind !== "relay") return;
        assert.deepEqual(
            shaped.messages.map((message) => message.role),
            ["system", "user", "assistant", "user"],
        );
        assert.equal(shaped.messages[2]!.content, "Let me look at the file.\n\nfunction add(a, b) { return a + b; }");
        assert.equal(shaped.messages[3]!.content, "And for three numbers?");
        assert.ok(!JSON.stringify(shaped.messages).includes("<context>"));
    });

    it("keeps attached files of the current question within the attachment budget, none of older questions", () => {
        const attachment = `<attachments>\n<attachment id="math.ts" filePath="/ws/math.ts">\n${"x".repeat(500)}\n</attachment>\n</attachments>\n`;
        const shaped = shapeRequest([agentSystem, userTurn("Old question", attachment), text("assistant", "Old answer"), userTurn("Explain this file.", attachment)], 39, { maxAttachmentChars: 100 });
        assert.equal(shaped.kind, "relay");
        if (shaped.kind !== "relay") return;
        const current = shaped.messages[shaped.messages.length - 1]!.content;
        // Shaped as every front end shapes attached code (conversationBuilder), within the one budget.
        assert.match(current, /^From \/ws\/math\.ts:\n\n```\nx{100}\n```\n\(cut to fit the local model\)\n\nExplain this file\.$/);
        assert.equal(shaped.messages[1]!.content, "Old question");
    });

    it("keeps the newest turns within maxChars, never cutting the current question, and never opens with an answer", () => {
        const long = "y".repeat(300);
        const messages = [agentSystem, userTurn(`first ${long}`), text("assistant", `a1 ${long}`), userTurn(`second ${long}`), text("assistant", `a2 ${long}`), userTurn(`third ${long}`)];
        const shaped = shapeRequest(messages, 39, { maxChars: RELAY_SYSTEM_LINE.length + 1000 });
        assert.equal(shaped.kind, "relay");
        if (shaped.kind !== "relay") return;
        assert.deepEqual(
            shaped.messages.map((message) => message.content.split(" ")[0]),
            [RELAY_SYSTEM_LINE.split(" ")[0], "second", "a2", "third"],
        );
        assert.equal(shaped.droppedMessages, 2);
        const tiny = shapeRequest(messages, 39, { maxChars: 10 });
        assert.ok(tiny.kind === "relay" && tiny.messages[tiny.messages.length - 1]!.content.startsWith("third"));
    });

    it("is never taken for a helper, even when its system prompt speaks of titles and conversation summaries", () => {
        const system = text("system", "Summarize the conversation when asked; give files a title in chat.");
        assert.equal(shapeRequest([system, userTurn("Hi")], 39).kind, "relay");
    });

    it("is recognised by <userRequest> alone when no tools are offered", () => {
        const shaped = shapeRequest([userTurn("Hi")], 0);
        assert.ok(shaped.kind === "relay" && shaped.origin === "copilot-agent");
    });
});

describe("shapeRequest: Copilot's helper requests are answered without the model", () => {
    it("a JSON array of progress messages gets an empty array", () => {
        const shaped = shapeRequest([text("system", "Generate a JSON array of progress messages for the user's request."), text("user", "Explain monads")], 0);
        assert.deepEqual(shaped, { kind: "local", helper: "progress-messages", text: "[]" });
        assert.deepEqual(JSON.parse(shaped.kind === "local" ? shaped.text : ""), []);
    });

    it("a title request gets the first words of the question, without the instruction line", () => {
        const shaped = shapeRequest(
            [text("system", "You are an expert in crafting pithy titles for chatbot conversations."), text("user", "Please write a brief title for the following request:\n\nHow do I **reverse** a linked list in place without extra memory?")],
            0,
        );
        assert.deepEqual(shaped, { kind: "local", helper: "title", text: "How do I reverse a linked list in…" });
    });

    it("a conversation summary lists the user's questions", () => {
        const shaped = shapeRequest([text("system", "Summarize the conversation history so far."), userTurn("What is 2+2?"), text("assistant", "4"), userTurn("And 3+3?")], 0);
        assert.equal(shaped.kind, "local");
        assert.equal(shaped.kind === "local" && shaped.text, "The user asked, in order:\n- What is 2+2?\n- And 3+3?");
    });
});

describe("shapeRequest: other extensions' requests", () => {
    it("keep their text messages as they are, even when they mention titles (no system role: not a helper)", () => {
        const messages = [text("user", "Suggest a title for my chat app."), text("assistant", "ChatterBox"), text("user", "Another one?")];
        const shaped = shapeRequest(messages, 0);
        assert.deepEqual(shaped, {
            kind: "relay",
            origin: "other",
            droppedMessages: 0,
            messages: [
                { role: "user", content: "Suggest a title for my chat app." },
                { role: "assistant", content: "ChatterBox" },
                { role: "user", content: "Another one?" },
            ],
        });
    });

    it("ending with an assistant message still hands the engine a conversation ending with the user", () => {
        const shaped = shapeRequest([text("user", "Count to three."), text("assistant", "One, two,")], 0);
        assert.ok(shaped.kind === "relay");
        assert.equal(shaped.kind === "relay" && shaped.messages[shaped.messages.length - 1]!.role, "user");
    });
});

describe("helpers", () => {
    it("unwrapUserTurn without tags strips none of the user's own text", () => {
        assert.equal(unwrapUserTurn("a < b and c > d", 0), "a < b and c > d");
    });

    it("titleFrom keeps eight words", () => {
        assert.equal(titleFrom("one two three four five six seven eight nine"), "one two three four five six seven eight…");
        assert.equal(titleFrom("What is 2+2?"), "What is 2+2");
    });
});
