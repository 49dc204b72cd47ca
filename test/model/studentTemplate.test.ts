import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadLlamaStudent, type LlamaStudent } from "../../src/student";
import { studentModelPath } from "../support/paths";
import { chatTemplatedCopy } from "../support/templatedModel";

describe("LlamaStudent on a model with a chat template and relay metadata", () => {
    let dir: string;
    let student: LlamaStudent;

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), "relayllm-student-"));
        const model = chatTemplatedCopy(studentModelPath, dir, { "relayllm.call_format": "<call>n</call>" });
        student = await loadLlamaStudent({ model, threads: 1 });
    });
    after(async () => {
        await student?.dispose();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("reads relayllm.* metadata as relay-trained", () => {
        assert.deepEqual(student.info, { name: "templated-stories", relayTrained: true });
    });

    it("applies the GGUF chat template with an open model turn and no forced empty think block", async () => {
        const session = await student.startSession({ messages: [{ role: "user", content: "Tell me a story" }], temperature: 0 });
        const turn = await session.generate({ maxTokens: 8 });
        await session.dispose();
        assert.match(session.templatedPrompt, /^<\|im_start\|>user\nTell me a story ?<\|im_end\|>\n<\|im_start\|>assistant\n$/);
        assert.doesNotMatch(session.templatedPrompt, /<think>/);
        assert.equal(turn.tokens, 8);
        assert.ok(turn.inputTokensEvaluated > 20);
    });
});
