import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerCode, teacherLines } from "../../src/extension/edit/answerCode";
import { diffLayout } from "../../src/extension/edit/diffLayout";
import { editPrompt, surroundingsBudget } from "../../src/extension/edit/editPrompt";
import { explainPrompt } from "../../src/extension/edit/explainPrompt";
import { diffLines } from "../../src/extension/edit/lineDiff";

describe("relay edit: the answer's code", () => {
    it("takes the fenced block and leaves the prose around it out of the file", () => {
        const answer = "Here is the fix:\n```ts\nconst a = 1;\nconst b = 2;\n```\nThat adds b.";
        const code = answerCode(answer);
        assert.equal(code.code, "const a = 1;\nconst b = 2;");
        assert.equal(answer.slice(code.start, code.start + code.code.length), code.code);
    });

    it("while streaming: an open fence's content so far, without a half-written closing fence", () => {
        assert.equal(answerCode("```js\nlet x = 1;\n``").code, "let x = 1;");
        assert.equal(answerCode("```js\nlet x").code, "let x");
    });

    it("an answer without a fence is code as a whole", () => {
        assert.equal(answerCode("return a + b;\n").code, "return a + b;");
    });

    it("marks the lines holding the teacher's non-blank text, by their index in the code", () => {
        const spans = [
            { source: "student" as const, text: "```\nfunction f() {\n" },
            { source: "teacher" as const, text: "  the dog ran", call: 0 },
            { source: "student" as const, text: "\n}\n```\nok" },
        ];
        const answer = spans.map((span) => span.text).join("");
        assert.deepEqual([...teacherLines(spans, answerCode(answer))], [1]);
    });

    it("a teacher span of only a line break marks no line", () => {
        const spans = [{ source: "student" as const, text: "a\n" }, { source: "teacher" as const, text: "\n", call: 0 }, { source: "student" as const, text: "b" }];
        assert.equal(teacherLines(spans, answerCode("a\n\nb")).size, 0);
    });
});

describe("relay edit: the line diff and its layout", () => {
    const original = ["function add(a, b) {", "  const total = a - b;", "  log(total);", "  return total;", "}"];
    const proposed = ["function add(a, b) {", "  const total = a + b;", "  log(total);", "the teacher line", "  return total;", "}"];

    it("finds one hunk per separated change", () => {
        const hunks = diffLines(original, proposed);
        assert.deepEqual(hunks, [
            { originalStart: 1, removed: ["  const total = a - b;"], proposedStart: 1, added: ["  const total = a + b;"] },
            { originalStart: 3, removed: [], proposedStart: 3, added: ["the teacher line"] },
        ]);
        assert.deepEqual(diffLines(original, original), []);
    });

    it("shows pending hunks as removed then added lines, the teacher's marked", () => {
        const layout = diffLayout(original, diffLines(original, proposed), ["pending", "pending"], new Set([3]));
        assert.deepEqual(layout.map((line) => `${line.kind}${line.teacher ? "+teacher" : ""}:${line.text}`), [
            "same:function add(a, b) {",
            "removed:  const total = a - b;",
            "added:  const total = a + b;",
            "same:  log(total);",
            "added+teacher:the teacher line",
            "same:  return total;",
            "same:}",
        ]);
    });

    it("an accepted hunk keeps its new lines, a rejected one the original's", () => {
        const layout = diffLayout(original, diffLines(original, proposed), ["accepted", "rejected"]);
        assert.deepEqual(layout.map((line) => line.text), ["function add(a, b) {", "  const total = a + b;", "  log(total);", "  return total;", "}"]);
        assert.ok(layout.every((line) => line.kind === "same"));
        assert.deepEqual(diffLayout(original, diffLines(original, proposed), ["rejected", "rejected"]).map((line) => line.text), original);
    });
});

describe("relay edit: decisions to the final text", () => {
    const original = ["the cat sat on the mat", "the dog ran in the park", "the bird sang a song"];
    const proposed = ["the cat sat on the hat", "the dog ran in the park", "again and sud", "the bird sang a song"];
    const hunks = diffLines(original, proposed);
    const text = (states: Parameters<typeof diffLayout>[2]) => diffLayout(original, hunks, states).map((line) => line.text);

    it("accepting the first hunk and rejecting the second keeps only the first's change", () => {
        assert.equal(hunks.length, 2);
        assert.deepEqual(text(["accepted", "rejected"]), ["the cat sat on the hat", "the dog ran in the park", "the bird sang a song"]);
        assert.deepEqual(text(["rejected", "accepted"]), ["the cat sat on the mat", "the dog ran in the park", "again and sud", "the bird sang a song"]);
    });

    it("accept all gives the proposal, reject all the original", () => {
        assert.deepEqual(text(["accepted", "accepted"]), proposed);
        assert.deepEqual(text(["rejected", "rejected"]), original);
    });

    it("a decided hunk leaves the other's index as it was, so a lens's argument stays right after the refresh", () => {
        const pending = diffLayout(original, hunks, ["accepted", "pending"]).filter((line) => line.hunk !== undefined);
        assert.deepEqual(pending.map((line) => line.hunk), [1]);
    });

    it("a fix that drops the region's trailing empty line: accept all leaves the fixed code", () => {
        const before = ['const count: number = "three";', "export { count };", ""];
        const after = ["const count: number = 3;", "export { count };"];
        const fixHunks = diffLines(before, after);
        assert.deepEqual(diffLayout(before, fixHunks, fixHunks.map(() => "accepted")).map((line) => line.text), after);
    });
});

describe("relay edit: the student's prompt", () => {
    const request = {
        instruction: "fix it",
        fileName: "/w/src/calc.ts",
        languageId: "typescript",
        selection: "const n: number = \"one\";",
        before: "// line one\n// line two\n",
        after: "\nexport { n };\n",
        firstLine: 3,
        diagnostics: [{ message: "Type 'string' is not assignable to type 'number'.", severity: "error" as const, line: 3, column: 7, source: "ts" }],
    };

    it("names the file's language, quotes the surroundings and the selection, and states the diagnostic", () => {
        const prompt = editPrompt(request, 1000);
        assert.match(prompt, /calc\.ts, a typescript file/);
        assert.match(prompt, /before the selection:\n```typescript\n\/\/ line one\n\/\/ line two\n```/);
        assert.match(prompt, /after the selection:\n```typescript\nexport \{ n \};\n```/);
        assert.match(prompt, /line 3, column 7, error from ts: Type 'string' is not assignable/);
        assert.match(prompt, /Instruction: fix it/);
    });

    it("keeps only the surroundings nearest the selection that fit the budget", () => {
        const prompt = editPrompt(request, 20);
        assert.doesNotMatch(prompt, /line one/);
        assert.match(prompt, /line two/);
        assert.doesNotMatch(editPrompt(request, 0), /before the selection|after the selection/);
    });

    it("the budget is a quarter of the context in characters, less the selection", () => {
        assert.equal(surroundingsBudget(512, 100), 284);
        assert.equal(surroundingsBudget(512, 1000), 0);
    });

    it("quotes prose without a fence", () => {
        const prompt = editPrompt({ ...request, languageId: "plaintext", fileName: "notes.txt", selection: "the cat sat", before: "", after: "", diagnostics: [] }, 100);
        assert.match(prompt, /The selection, from line 3:\nthe cat sat\n/);
        assert.doesNotMatch(prompt, /```/);
    });

    it("Explain states the diagnostic and its place", () => {
        const prompt = explainPrompt({ fileName: "/w/a.ts", languageId: "typescript", code: "let x: number = 'a';", firstLine: 1, diagnostic: request.diagnostics[0]! });
        assert.match(prompt, /Explain this error from ts in a\.ts at line 3, column 7: Type 'string'/);
    });
});
