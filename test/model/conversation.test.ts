import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { solve, type ChatMessage, type RelayEvent, type StudentSession } from "../../src/relay";
import { loadLlamaStudent, type LlamaStudent } from "../../src/student";
import { OpenAiTeacher } from "../../src/teacher";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { requireSharedModels, studentModelPath } from "../support/paths";
import { RecordingStudent } from "../support/recordingStudent";
import { RecordingTeacher } from "../support/recordingTeacher";
import { chatTemplatedCopy } from "../support/templatedModel";

requireSharedModels();

const question = "Once upon a time, there was a little cat.";
const followUp = "The cat had a red ball.";

describe("conversations on the real student (chat-templated copy of stories260K)", () => {
    let dir: string;
    let student: LlamaStudent;

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), "relayllm-conversation-"));
        student = await loadLlamaStudent({ model: chatTemplatedCopy(studentModelPath, dir), threads: 1, contextSize: 512 });
    });
    after(async () => {
        await student?.dispose();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("templates every message of the conversation and ends with an open assistant turn", async () => {
        const session = await student.startSession({
            messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }, { role: "assistant", content: "Hello." }, { role: "user", content: "Bye" }],
        });
        await session.dispose();
        assert.match(session.templatedPrompt, /^<\|im_start\|>system\nBe brief\. ?<\|im_end\|>\n<\|im_start\|>user\nHi ?<\|im_end\|>\n<\|im_start\|>assistant\nHello\. ?<\|im_end\|>\n<\|im_start\|>user\nBye ?<\|im_end\|>\n<\|im_start\|>assistant\n$/);
        assert.equal(session.droppedMessages, 0);
    });

    it("evaluates only the new tokens of a follow-up question: the first turn stays in the KV cache", async () => {
        const recording = new RecordingStudent(student);
        const first = await solve({ student: recording, messages: [{ role: "user", content: question }], mode: "teacher-free", temperature: 0, maxTokens: 30 });
        const firstTurns = recording.turns.length;
        const conversation: ChatMessage[] = [{ role: "user", content: question }, { role: "assistant", content: first.text }, { role: "user", content: followUp }];
        const second = await solve({ student: recording, messages: conversation, mode: "teacher-free", temperature: 0, maxTokens: 10 });
        assert.ok(second.templatedPrompt.includes(followUp), "the second prompt holds the follow-up");
        assert.ok(second.templatedPrompt.includes(first.text), "the second prompt holds the first answer");
        const [one, two] = recording.sessions as [StudentSession, StudentSession];
        const evaluated = recording.turns[firstTurns]!.inputTokensEvaluated;
        const newTokens = two.promptTokens - (one.promptTokens + first.usage.studentTokens);
        assert.ok(two.reusedPromptTokens > one.promptTokens, `reused ${two.reusedPromptTokens} tokens, more than the first prompt's ${one.promptTokens}`);
        assert.ok(evaluated <= newTokens + 8, `turn 2 evaluated ${evaluated} tokens for ${newTokens} new ones`);
        assert.equal(evaluated, two.promptTokens - two.reusedPromptTokens);
    });

    it("drops the oldest exchanges that do not fit, with an event, and never the question", async () => {
        const filler = "The dog ran to the park and played with a big ball all day long. ".repeat(8);
        const messages: ChatMessage[] = [{ role: "system", content: "Tell stories." }];
        for (let turn = 0; turn < 6; turn++) messages.push({ role: "user", content: `Story ${turn}. ${filler}` }, { role: "assistant", content: filler });
        messages.push({ role: "user", content: followUp });
        const events: RelayEvent[] = [];
        const result = await solve({ student, messages, mode: "teacher-free", temperature: 0, maxTokens: 16 }, (event) => events.push(event));
        const truncated = events.find((event) => event.type === "history-truncated");
        assert.ok(truncated?.type === "history-truncated", "a history-truncated event");
        assert.ok(truncated.droppedMessages >= 2 && truncated.droppedMessages % 2 === 0, `whole exchanges dropped: ${truncated.droppedMessages}`);
        assert.ok(result.templatedPrompt.startsWith("<|im_start|>system\nTell stories."), "the system message stays");
        assert.ok(result.templatedPrompt.includes(followUp), "the question stays");
        assert.ok(!result.templatedPrompt.includes("Story 0."), "the oldest exchange is gone");
    });

    it("rejects a question that does not fit even alone, naming the sizes", async () => {
        await assert.rejects(
            solve({ student, messages: [{ role: "user", content: "the cat ran. ".repeat(400) }], mode: "teacher-free" }),
            /has \d+ tokens but the student context holds 512/,
        );
    });
});

describe("the teacher sees the same conversation (real llama-server)", () => {
    let server: LlamaServer;
    let student: LlamaStudent;

    before(async () => {
        server = await startLlamaServer();
        student = await loadLlamaStudent({ model: studentModelPath, threads: 1 });
    });
    after(async () => {
        await student?.dispose();
        await server?.stop();
    });

    it("completions style: the teacher's prompt is the student's templated conversation; chat style gets the messages", async () => {
        const conversation: ChatMessage[] = [{ role: "user", content: question }, { role: "assistant", content: " She liked to play." }, { role: "user", content: followUp }];
        for (const api of ["completions", "chat"] as const) {
            const teacher = new RecordingTeacher(new OpenAiTeacher({ baseURL: server.baseURL, model: "tinystories", api }));
            const result = await solve({ student, teacher, messages: conversation, mode: "learned", temperature: 0, maxTokens: 40, grammar: 'root ::= [a-z ]{5,20} "<call>4</call>" [a-z .]{5,20}' });
            assert.equal(teacher.requests.length, 1, `${api}: one call`);
            const request = teacher.requests[0]!;
            assert.equal(request.templatedPrompt, result.templatedPrompt);
            assert.equal(result.templatedPrompt, `${question} She liked to play.\n\n${followUp}`);
            assert.deepEqual(request.messages, conversation);
        }
    });
});
