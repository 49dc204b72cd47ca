import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { solve, StudentCrashedError, TeacherRequestError, type RelayEvent, type RelayOptions, type SolveResult } from "../../src/relay";
import { grantSlack } from "../../src/relay/callGrant";
import { ScriptedStudent } from "../support/scriptedStudent";
import { ScriptedTeacher } from "../support/scriptedTeacher";

// The relay loop's decisions with a SCRIPTED student and a SCRIPTED teacher (test/support/scripted*.ts; no
// model, no server): budgets, caps, failures, cancels and hostile teacher text, in milliseconds. The same
// paths with the real models are in test/model/.

const question = [{ role: "user" as const, content: "What is 2+2?" }];

async function run(student: ScriptedStudent, teacher: ScriptedTeacher | undefined, options: Partial<RelayOptions> = {}): Promise<{ result: SolveResult; events: RelayEvent[] }> {
    const events: RelayEvent[] = [];
    const result = await solve({ student, teacher, messages: question, mode: "learned", ...options }, (event) => events.push(event));
    return { result, events };
}

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function whenTrue(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

const ofType = <T extends RelayEvent["type"]>(events: RelayEvent[], type: T) => events.filter((event): event is Extract<RelayEvent, { type: T }> => event.type === type);

describe("relay loop decisions (scripted student and teacher)", () => {
    it("a call is granted min(requested, per-call cap) and the student resumes after it", async () => {
        const student = new ScriptedStudent(["Think <call>50</call>", " done."]);
        const teacher = new ScriptedTeacher([{ text: "abcdefgh", finishReason: "length" }]);
        const { result, events } = await run(student, teacher, { maxCallTokens: 8 });
        assert.deepEqual(ofType(events, "call-granted").map((event) => event.granted), [8]);
        assert.equal(teacher.requests[0]!.maxTokens, 8);
        assert.equal(result.text, "Think abcdefgh done.");
        assert.equal(result.stopReason, "eos");
        assert.deepEqual(student.appended, ["abcdefgh"]);
    });

    it("a call that ran out of its time limit keeps its text, the student resumes, and later calls are denied (teacher-unavailable)", async () => {
        const student = new ScriptedStudent(["a<call>8</call>", "b<call>8</call>", "c"]);
        const teacher = new ScriptedTeacher([{ text: "slo", finishReason: "timeout" }, { text: "never" }]);
        const { result, events } = await run(student, teacher);
        assert.equal(result.text, "aslobc");
        assert.equal(result.calls[0]?.finishReason, "timeout");
        assert.equal(teacher.requests.length, 1);
        assert.deepEqual(ofType(events, "call-denied").map((event) => event.reason), ["teacher-unavailable"]);
    });

    it("a usage report that cannot be true is not believed: the call is billed at our counts, never below zero, with an event", async () => {
        const prices = { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 };
        const reports = [
            { promptTokens: 10, completionTokens: -1_000_000 },
            { promptTokens: 10, completionTokens: 4, cachedPromptTokens: -1e9 },
            { promptTokens: 10, completionTokens: Number.NaN },
            { promptTokens: 10, completionTokens: 2.5 },
            { promptTokens: "12" as unknown as number, completionTokens: 4 },
            { promptTokens: 10_000_000, completionTokens: 4 },
            { promptTokens: 10, completionTokens: 4, cachedPromptTokens: 11 },
        ];
        for (const usage of reports) {
            const student = new ScriptedStudent(["a<call>4</call>", "b"]);
            const teacher = new ScriptedTeacher([{ text: "TTTT", usage }]);
            const { result, events } = await run(student, teacher, { prices });
            const rejected = ofType(events, "teacher-usage-rejected");
            assert.equal(rejected.length, 1, JSON.stringify(usage));
            assert.equal(result.calls[0]?.usage, undefined);
            assert.equal(result.calls[0]?.produced, 4);
            assert.ok(result.usage.costUSD >= 0 && Number.isFinite(result.usage.costUSD), `${JSON.stringify(usage)}: cost ${result.usage.costUSD}`);
            assert.ok(result.usage.teacherCachedPromptTokens >= 0);
        }
        // A report that can be true is believed.
        const { result, events } = await run(new ScriptedStudent(["a<call>4</call>", "b"]), new ScriptedTeacher([{ text: "TTTT", usage: { promptTokens: 10, completionTokens: 3, cachedPromptTokens: 8 } }]), { prices });
        assert.deepEqual([ofType(events, "teacher-usage-rejected").length, result.calls[0]?.produced, result.usage.teacherCachedPromptTokens], [0, 3, 8]);
    });

    it("fixedCallTokens asks for that many tokens whatever N the student wrote (the paper's Table 5); <call>0</call> stays a zero", async () => {
        const student = new ScriptedStudent(["a<call>50</call>", "b<call>1</call>", "c<call>0</call>", "d"]);
        const teacher = new ScriptedTeacher([{ text: "T", finishReason: "length" }, { text: "U", finishReason: "length" }]);
        const { events } = await run(student, teacher, { fixedCallTokens: 4 });
        assert.deepEqual(teacher.requests.map((request) => request.maxTokens), [4, 4]);
        assert.deepEqual(ofType(events, "call-requested").map((event) => event.requested), [4, 4, 0]);
        assert.deepEqual(ofType(events, "call-denied").map((event) => event.reason), ["zero"]);
    });

    it("max calls: the call after the last allowed one is denied and stripped, the student writes on", async () => {
        const student = new ScriptedStudent(["a<call>2</call>", "b<call>2</call>", "c<call>2</call>", "d"]);
        const teacher = new ScriptedTeacher([{ text: "T", finishReason: "length" }]);
        const { result, events } = await run(student, teacher, { maxCalls: 2 });
        assert.equal(teacher.requests.length, 2);
        assert.deepEqual(ofType(events, "call-denied").map((event) => event.reason), ["max-calls"]);
        assert.equal(result.text, "aTbTcd");
        assert.equal(result.usage.calls, 2);
    });

    it("money budget: a call the budget cannot pay for is denied with reason budget", async () => {
        const student = new ScriptedStudent(["a<call>10</call>", "b"]);
        const teacher = new ScriptedTeacher([{ text: "never" }]);
        // $1 per million input tokens: the prompt alone costs more than the $0.00001 budget.
        const { result, events } = await run(student, teacher, { maxCostUSD: 0.00001, prices: { inputPerMillion: 1, outputPerMillion: 1 } });
        assert.deepEqual(ofType(events, "call-denied").map((event) => event.reason), ["budget"]);
        assert.equal(teacher.requests.length, 0);
        assert.equal(result.usage.costUSD, 0);
        assert.equal(result.text, "ab");
    });

    it("call-ratio cap: the grant keeps teacher tokens / all tokens within the cap", async () => {
        // 10 student characters before the call; a 0.2 ratio allows (0.2*10 - 0) / 0.8 = 2 teacher tokens.
        const student = new ScriptedStudent(["abcde<call>9</call>".slice(0, 5) + "<call>9</call>", "z"]);
        const teacher = new ScriptedTeacher([{ unlimited: "xy" }]);
        const { result, events } = await run(student, teacher, { maxCallRatio: 0.2 });
        const studentBefore = "abcde<call>9</call>".slice(0, 5).length + "<call>9</call>".length;
        const allowed = Math.floor((0.2 * studentBefore) / 0.8);
        assert.deepEqual(ofType(events, "call-granted").map((event) => event.granted), [allowed]);
        assert.ok(result.calls[0]!.producedStudentTokens <= allowed);
        assert.ok(result.usage.callRatio <= 0.2 + 1e-12, String(result.usage.callRatio));
    });

    it("teacher-only mode: its one call is labelled teacher-only, and a failure ends the solve with teacher-error", async () => {
        const student = new ScriptedStudent([]);
        const error = new TeacherRequestError("The teacher at http://t/v1 failed with a server error (500).", "server", 500);
        const teacher = new ScriptedTeacher([{ failAfter: "partial", error }]);
        const { result, events } = await run(student, teacher, { mode: "teacher-only" });
        assert.deepEqual(ofType(events, "call-requested").map((event) => event.trigger), ["teacher-only"]);
        assert.equal(result.calls[0]!.trigger, "teacher-only");
        assert.equal(result.stopReason, "teacher-error");
        assert.equal(result.text, "");
        assert.deepEqual(ofType(events, "teacher-error").map((event) => event.kind), ["server"]);
        // The failed call is counted, and the 7 characters it streamed are billed but not shown.
        assert.equal(result.usage.calls, 1);
        assert.equal(result.usage.failedCalls, 1);
        assert.equal(result.usage.teacherOutputTokens, 7);
        assert.equal(result.usage.teacherTokens, 0);
    });

    it("a timeout goes on without the teacher: teacher-error of kind timeout, later calls denied as teacher-unavailable", async () => {
        const student = new ScriptedStudent(["a<call>4</call>", "b<call>4</call>", "c"]);
        const teacher = new ScriptedTeacher([{ failAfter: "", error: new TeacherRequestError("The teacher at http://t/v1 sent nothing for 0.3 s (teacher timeout).", "timeout") }]);
        const { result, events } = await run(student, teacher);
        assert.deepEqual(ofType(events, "teacher-error").map((event) => event.kind), ["timeout"]);
        assert.deepEqual(ofType(events, "call-denied").map((event) => event.reason), ["teacher-unavailable"]);
        assert.equal(result.text, "abc");
        assert.equal(result.stopReason, "eos");
        assert.deepEqual([result.usage.calls, result.usage.failedCalls, result.usage.teacherOutputTokens], [1, 1, 0]);
    });

    // The teacher stalls forever: only the abort can end these solves (a broken abort fails by the test's timeout).
    it("abort during a teacher call stops the request at once: stopReason aborted, no teacher text kept", { timeout: 10_000 }, async () => {
        const student = new ScriptedStudent(["a<call>4</call>", "never"]);
        const teacher = new ScriptedTeacher([{ stall: true }]);
        const controller = new AbortController();
        const pending = run(student, teacher, { signal: controller.signal });
        await whenTrue(() => teacher.requests.length === 1);
        controller.abort();
        const { result } = await pending;
        assert.equal(result.stopReason, "aborted");
        assert.equal(result.text, "a");
        assert.equal(result.calls[0]!.finishReason, "aborted");
    });

    it("a student crash during a teacher call aborts the request at once and throws with the partial result", { timeout: 10_000 }, async () => {
        const student = new ScriptedStudent(["So far<call>4</call>", "never"]);
        const teacher = new ScriptedTeacher([{ stall: true }]);
        const pending = run(student, teacher).then(
            () => assert.fail("expected StudentCrashedError"),
            (thrown: unknown) => thrown,
        );
        await whenTrue(() => teacher.requests.length === 1);
        student.crash();
        const error = await pending;
        assert.ok(error instanceof StudentCrashedError, String(error));
        assert.equal(error.partial?.stopReason, "student-crashed");
        assert.equal(error.partial?.text, "So far");
    });

    it("commands, stray </call> and half commands in the teacher's text are removed everywhere, with events", async () => {
        const student = new ScriptedStudent(["Step<call>40</call>", " next<call>40</call>", " end"]);
        const teacher = new ScriptedTeacher([
            { text: " and then <call>7</call> more </call> and <call>x", finishReason: "length", chunk: 3 },
            { text: " fine <cal", finishReason: "length", chunk: 2 },
        ]);
        const { result, events } = await run(student, teacher);
        for (const text of [result.text, ...result.spans.map((span) => span.text), ...student.appended, ...teacher.requests.map((request) => request.partial)]) {
            assert.doesNotMatch(text, /<\/?call|<cal$/, JSON.stringify(text));
        }
        assert.deepEqual(ofType(events, "teacher-text-sanitized").map((event) => event.reason), ["command", "stray-close", "bad-count", "unterminated"]);
        assert.equal(result.spans.filter((span) => span.source === "teacher").map((span) => span.text).join(""), ofType(events, "teacher-text").map((event) => event.text).join(""));
        assert.equal(teacher.requests[1]!.partial, "Step and then  more  and x next");
    });

    it("a teacher that ignores maxTokens is cut at the grant and aborted past the slack, with an event", async () => {
        const student = new ScriptedStudent(["Go<call>5</call>", "!"]);
        const teacher = new ScriptedTeacher([{ unlimited: "word " }]);
        const { result, events } = await run(student, teacher);
        const call = result.calls[0]!;
        assert.equal(call.producedStudentTokens, 5);
        assert.equal(result.text, "Goword !");
        const over = ofType(events, "teacher-over-grant");
        assert.equal(over.length, 1);
        assert.equal(over[0]!.aborted, true);
        assert.ok(teacher.streamedCharacters <= 5 + grantSlack(5) + 5 * 2, `streamed ${teacher.streamedCharacters}`);
        assert.equal(call.produced, Math.min(over[0]!.receivedTokens, 5 + grantSlack(5)));
        assert.equal(call.finishReason, "length");
    });

    it("an empty completion that says stop adds nothing and ends nothing: the student goes on", async () => {
        const student = new ScriptedStudent(["a<call>4</call>", "b"]);
        const teacher = new ScriptedTeacher([{ text: "", finishReason: "stop" }]);
        const { result } = await run(student, teacher);
        assert.equal(result.text, "ab");
        assert.equal(result.stopReason, "eos");
    });

    it("teacher end-of-sequence after real text ends the answer (as the reference)", async () => {
        const student = new ScriptedStudent(["a<call>4</call>", "never"]);
        const teacher = new ScriptedTeacher([{ text: "42", finishReason: "stop" }]);
        const { result } = await run(student, teacher);
        assert.equal(result.text, "a42");
        assert.equal(result.stopReason, "teacher-eos");
    });
});
