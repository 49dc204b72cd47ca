// How relay events become Markdown in VS Code's Chat view (scripted event sequences, no model).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RelayEvent } from "../../src/relay";
import { ChatAnswerMarkdown, emphasize, insideFence } from "../../src/extension/chatAnswerMarkdown";

const student = (text: string): RelayEvent => ({ type: "student-text", text });
const teacher = (text: string): RelayEvent => ({ type: "teacher-text", call: 0, text });
const teacherDone = { type: "teacher-done", call: 0, record: {} } as unknown as RelayEvent;

function render(events: RelayEvent[]): { chunks: string[]; markdown: ChatAnswerMarkdown } {
    const markdown = new ChatAnswerMarkdown();
    return { chunks: events.flatMap((event) => markdown.push(event)), markdown };
}

describe("ChatAnswerMarkdown", () => {
    it("streams student text at once and writes a teacher call in italics when the call ends", () => {
        const { chunks, markdown } = render([student("The answer is "), teacher("forty"), teacher("-two"), teacherDone, student(".")]);
        assert.deepEqual(chunks, ["The answer is ", "*forty-two*", "."]);
        assert.equal(markdown.hadTeacherText, true);
    });

    it("keeps the teacher's text plain inside a code fence", () => {
        const { chunks } = render([student("```ts\nconst x = "), teacher("42;"), teacherDone, student("\n```\n")]);
        assert.deepEqual(chunks, ["```ts\nconst x = ", "42;", "\n```\n"]);
    });

    it("flushes a teacher span that the solve ends in, and one cut short by a teacher error", () => {
        assert.deepEqual(render([student("A "), teacher("b"), { type: "done" } as unknown as RelayEvent]).chunks, ["A ", "*b*"]);
        assert.deepEqual(render([teacher("part"), { type: "teacher-error", call: 0, kind: "server", message: "x" }]).chunks, ["*part*"]);
    });

    it("writes nothing and no legend without teacher text", () => {
        const { chunks, markdown } = render([student("alone")]);
        assert.deepEqual(chunks, ["alone"]);
        assert.equal(markdown.hadTeacherText, false);
    });
});

describe("emphasize", () => {
    it("keeps whitespace and list markers outside the emphasis and skips blank lines", () => {
        assert.equal(emphasize(" two words \n\n- item\n# Head", false), " *two words* \n\n- *item*\n# *Head*");
    });

    it("treats a leading dash mid-line as text, and leaves lines with their own * or ` plain", () => {
        assert.equal(emphasize("- not a list", false), "*- not a list*");
        assert.equal(emphasize("use `x` here\n**bold**", true), "use `x` here\n**bold**");
    });

    it("insideFence counts fence lines", () => {
        assert.equal(insideFence("```js\ncode"), true);
        assert.equal(insideFence("```js\ncode\n```\n"), false);
        assert.equal(insideFence("inline ``` is no fence"), false);
    });
});
