// The relay loop end to end with real parts: the stories260K student in its worker process and a real
// llama-server (TinyStories 656K) teacher on loopback. Grammars make the tiny student write commands at
// known places; greedy decoding keeps runs reproducible.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { relaySolve, solve, StudentCrashedError, type RelayEvent, type RelayOptions, type SolveResult } from "../../src/relay";
import { loadWorkerStudent, type WorkerStudent } from "../../src/student";
import { OpenAiTeacher } from "../../src/teacher";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { requireSharedModels, studentModelPath, studentWorkerPath } from "../support/paths";
import { RecordingTeacher } from "../support/recordingTeacher";

const words = "[a-z ]{12,24}";
/** A grammar: some words, then each command in turn followed by more words. */
const grammarWith = (...commands: string[]) => `root ::= ${[`${words}`, ...commands.map((command) => `${JSON.stringify(command)} ${words}`)].join(" ")} "."`;

let server: LlamaServer;
let student: WorkerStudent;

function teacherAt(baseURL: string): RecordingTeacher {
    return new RecordingTeacher(new OpenAiTeacher({ baseURL, model: "tinystories", maxRetries: 0, timeoutMs: 10_000 }));
}

async function run(options: Partial<RelayOptions>): Promise<{ result: SolveResult; events: RelayEvent[] }> {
    const events: RelayEvent[] = [];
    const result = await solve({ student, userPrompt: "Tell me a story.", temperature: 0, seed: 3, maxTokens: 160, ...options }, (event) => events.push(event));
    return { result, events };
}

function assertSpansMakeText(result: SolveResult): void {
    assert.equal(result.spans.map((span) => span.text).join(""), result.text);
    assert.ok(!/<\/?call>/.test(result.text), `command text leaked into the answer: ${JSON.stringify(result.text)}`);
}

describe("relay loop with a real student and a real llama-server teacher", () => {
    before(async () => {
        requireSharedModels();
        server = await startLlamaServer();
        student = await loadWorkerStudent({ model: studentModelPath, threads: 1, workerPath: studentWorkerPath });
    });
    after(async () => {
        await student?.dispose();
        await server?.stop();
    });

    it("learned mode: a forced <call>3</call> reaches the teacher, whose text lands in a teacher span", async () => {
        const teacher = teacherAt(server.baseURL);
        const { result, events } = await run({ mode: "learned", teacher, grammar: grammarWith("<call>3</call>") });
        assert.equal(result.mode, "learned");
        assert.equal(result.calls.length, 1);
        assert.deepEqual([result.calls[0]!.requested, result.calls[0]!.granted], [3, 3]);
        assert.ok(result.calls[0]!.produced >= 1 && result.calls[0]!.produced <= 3);
        const teacherSpans = result.spans.filter((span) => span.source === "teacher");
        const studentSpans = result.spans.filter((span) => span.source === "student");
        assert.equal(teacherSpans.length, 1);
        assert.equal(teacherSpans[0]!.call, 0);
        assert.ok(studentSpans.length >= 1);
        assertSpansMakeText(result);

        assert.equal(teacher.requests.length, 1);
        const request = teacher.requests[0]!;
        assert.ok(!request.partial.includes("<call") && !request.partial.includes("</call>"), `teacher saw command text: ${request.partial}`);
        assert.ok(!request.templatedPrompt.includes("<call"));
        assert.equal(request.maxTokens, 3);
        assert.ok(result.text.trimStart().startsWith(request.partial.trimStart().slice(0, 5)));

        const { usage } = result;
        assert.equal(usage.calls, 1);
        assert.equal(usage.teacherTokens, result.calls[0]!.producedStudentTokens);
        assert.ok(Math.abs(usage.callRatio - usage.teacherTokens / (usage.teacherTokens + usage.studentTokens)) < 1e-12);
        assert.equal(usage.teacherPromptTokens, result.calls[0]!.usage!.promptTokens);
        assert.ok(usage.studentTokens > 0);
        assert.deepEqual(
            events.filter((event) => event.type.startsWith("call-") || event.type.startsWith("teacher-")).map((event) => event.type).filter((type) => type !== "teacher-text" && type !== "teacher-over-grant"),
            ["call-requested", "call-granted", "teacher-done"],
        );
        // The teacher's tokenizer is coarser than the student's: its 3 tokens can be more student tokens; only 3 are kept.
        assert.ok(result.calls[0]!.producedStudentTokens <= 3, JSON.stringify(result.calls[0]));
        assert.equal(events.filter((event) => event.type === "teacher-text").map((event) => (event as { text: string }).text).join(""), teacherSpans[0]!.text);
    });

    it("a command asking for 500 tokens under a per-call cap of 8 gets at most 8 teacher tokens", async () => {
        const { result } = await run({ mode: "learned", teacher: teacherAt(server.baseURL), maxCallTokens: 8, grammar: grammarWith("<call>500</call>") });
        assert.equal(result.calls.length, 1);
        assert.equal(result.calls[0]!.requested, 500);
        assert.equal(result.calls[0]!.granted, 8);
        assert.ok(result.calls[0]!.produced <= 8, `teacher produced ${result.calls[0]!.produced}`);
        assert.ok(result.calls[0]!.usage!.completionTokens <= 8);
    });

    it("N = 0 is no call: the student resumes", async () => {
        const teacher = teacherAt(server.baseURL);
        const { result, events } = await run({ mode: "learned", teacher, grammar: grammarWith("<call>0</call>") });
        assert.equal(teacher.requests.length, 0);
        assert.equal(result.calls.length, 0);
        assert.ok(events.some((event) => event.type === "call-denied" && event.reason === "zero"));
        assert.ok(result.spans.every((span) => span.source === "student"));
        assertSpansMakeText(result);
    });

    it("malformed and nested commands are stripped, reported, and never reach the teacher", async () => {
        const teacher = teacherAt(server.baseURL);
        const { result, events } = await run({ mode: "learned", teacher, grammar: grammarWith("<call>abc</call>", "<call>4<call>2</call>") });
        const malformed = events.filter((event) => event.type === "malformed-command");
        assert.deepEqual(malformed.map((event) => event.type === "malformed-command" && event.reason), ["bad-count", "stray-close", "nested"]);
        assert.equal(teacher.requests.length, 1, "the inner command of the nested pair is honoured");
        assert.equal(result.calls[0]!.requested, 2);
        for (const request of teacher.requests) assert.ok(!/<\/?call/.test(request.partial));
        assertSpansMakeText(result);
    });

    it("at most maxCalls calls; later commands are denied", async () => {
        const teacher = teacherAt(server.baseURL);
        const { result, events } = await run({ mode: "learned", teacher, maxCalls: 2, maxTokens: 300, grammar: grammarWith("<call>2</call>", "<call>2</call>", "<call>2</call>") });
        assert.equal(teacher.requests.length, 2);
        assert.equal(result.calls.length, 2);
        assert.ok(events.some((event) => event.type === "call-denied" && event.reason === "max-calls"));
        assert.ok(teacher.requests[1]!.partial.startsWith(teacher.requests[0]!.partial), "each call extends the previous prompt (prefix-cache friendly)");
    });

    it("confidence mode: low-probability tokens are rolled back and the teacher writes k tokens", async () => {
        const teacher = teacherAt(server.baseURL);
        const { result, events } = await run({ mode: "confidence", teacher, confidence: { threshold: 0.5, callTokens: 4, cooldownTokens: 4 }, maxCalls: 3 });
        assert.equal(result.mode, "confidence");
        assert.ok(result.calls.length >= 1, "the tiny model is unsure often enough to call");
        assert.ok(result.calls.length <= 3);
        assert.ok(result.calls.every((call) => call.trigger === "low-confidence" && call.requested === 4 && call.granted === 4));
        assert.ok(result.spans.some((span) => span.source === "teacher"));
        assert.ok(events.some((event) => event.type === "call-requested" && event.trigger === "low-confidence"));
        assertSpansMakeText(result);
    });

    it("teacher-free mode never calls, even when the grammar forces a command", async () => {
        const teacher = teacherAt(server.baseURL);
        const { result, events } = await run({ mode: "teacher-free", teacher, grammar: grammarWith("<call>5</call>") });
        assert.equal(teacher.requests.length, 0);
        assert.equal(result.calls.length, 0);
        assert.ok(events.some((event) => event.type === "call-denied" && event.reason === "teacher-free"));
        assert.ok(result.spans.every((span) => span.source === "student"));
        assertSpansMakeText(result);
    });

    it("teacher-only mode: the teacher writes the whole answer", async () => {
        const { result } = await run({ mode: "teacher-only", teacher: teacherAt(server.baseURL), maxTokens: 24 });
        assert.equal(result.usage.studentTokens, 0);
        assert.equal(result.usage.callRatio, 1);
        assert.ok(result.spans.length === 1 && result.spans[0]!.source === "teacher");
        assert.ok(result.calls[0]!.produced <= 24);
        assert.ok(["teacher-eos", "max-tokens"].includes(result.stopReason));
    });

    it("without a teacher, commands are denied and the student answers alone", async () => {
        const { result, events } = await run({ mode: "learned", grammar: grammarWith("<call>5</call>") });
        assert.ok(events.some((event) => event.type === "call-denied" && event.reason === "no-teacher"));
        assert.equal(result.stopReason, "eos");
        assertSpansMakeText(result);
    });

    it("the teacher server stopped mid-solve: the solve completes with a teacher-error event", async () => {
        const own = await startLlamaServer();
        const teacher = teacherAt(own.baseURL);
        const events: RelayEvent[] = [];
        const stream = relaySolve({ student, teacher, userPrompt: "Tell me a story.", mode: "learned", temperature: 0, maxTokens: 300, grammar: grammarWith("<call>3</call>", "<call>3</call>", "<call>3</call>") });
        let result: SolveResult | undefined;
        for await (const event of stream) {
            events.push(event);
            if (event.type === "teacher-done" && event.call === 0) await own.stop();
            if (event.type === "done") result = event.result;
        }
        assert.ok(result);
        const error = events.find((event) => event.type === "teacher-error");
        assert.ok(error && error.type === "teacher-error" && error.kind === "unreachable", JSON.stringify(error));
        assert.ok(events.some((event) => event.type === "call-denied" && event.reason === "teacher-unavailable"), "no third wait on a dead server");
        assert.equal(result.stopReason, "eos");
        assert.equal(result.calls[1]!.finishReason, "error");
        assert.ok(result.text.length > 30);
        assertSpansMakeText(result);
    });

    it("an abort ends the solve with stopReason aborted and the text so far", async () => {
        const controller = new AbortController();
        const events: RelayEvent[] = [];
        const result = await solve({ student, userPrompt: "Tell me a story.", mode: "teacher-free", temperature: 0, maxTokens: 1000, signal: controller.signal }, (event) => {
            events.push(event);
            if (event.type === "student-text") controller.abort();
        });
        assert.equal(result.stopReason, "aborted");
        assert.ok(result.usage.studentTokens < 1000);
        assertSpansMakeText(result);
    });

    it("a crash of the student's process fails the solve with StudentCrashedError; a new worker solves again", async () => {
        const doomed = await loadWorkerStudent({ model: studentModelPath, threads: 1, workerPath: studentWorkerPath });
        await assert.rejects(
            solve({ student: doomed, userPrompt: "Tell me a story.", mode: "teacher-free", temperature: 0, maxTokens: 2000 }, (event) => {
                if (event.type === "student-text") process.kill(doomed.pid!, "SIGKILL");
            }),
            StudentCrashedError,
        );
        assert.equal(doomed.alive, false);
        const fresh = await loadWorkerStudent({ model: studentModelPath, threads: 1, workerPath: studentWorkerPath });
        try {
            const result = await solve({ student: fresh, userPrompt: "Tell me a story.", mode: "teacher-free", temperature: 0, maxTokens: 20 });
            assert.ok(result.usage.studentTokens > 0);
        } finally {
            await fresh.dispose();
        }
    });
});
