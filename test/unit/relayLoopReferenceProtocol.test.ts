import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readReferenceTurn, referenceTeacherView, resolveMode, solve, TeacherRequestError, type RelayEvent, type RelayProtocolName, type SolveResult } from "../../src/relay";
import { ScriptedStudent } from "../support/scriptedStudent";
import { ScriptedTeacher } from "../support/scriptedTeacher";

/** One scripted solve in learned mode under `protocol`, with its teacher's requests and the events. */
async function relay(protocol: RelayProtocolName, turns: ConstructorParameters<typeof ScriptedStudent>[0], scripts: ConstructorParameters<typeof ScriptedTeacher>[0], options: { maxTokens?: number } = {}): Promise<{ result: SolveResult; teacher: ScriptedTeacher; events: RelayEvent[] }> {
    const teacher = new ScriptedTeacher(scripts);
    const events: RelayEvent[] = [];
    const result = await solve({ student: new ScriptedStudent(turns), teacher, userPrompt: "q", mode: "learned", protocol, ...options }, (event) => events.push(event));
    return { result, teacher, events };
}

// Scripted fakes (no model): the reference protocol's decisions, turn by turn.
describe("the reference protocol in the relay loop (scripted student and teacher)", () => {
    test("each command becomes one space in the teacher's prompt, which is trimmed at both ends", async () => {
        const student = new ScriptedStudent(["First step<call>8</call>", "then more<call>8</call>", " done."]);
        const teacher = new ScriptedTeacher([{ text: " T1 " }, { text: "T2" }]);
        const result = await solve({ student, teacher, userPrompt: "q", mode: "learned", protocol: "reference" });
        assert.deepEqual(teacher.requests.map((request) => request.partial), ["First step", "First step  T1 then more"]);
        // What the user reads has the commands removed, as in our protocol.
        assert.equal(result.text, "First step T1 then moreT2 done.");
    });

    test("our protocol removes commands outright in the teacher's prompt", async () => {
        const student = new ScriptedStudent(["First step<call>8</call>", "then more<call>8</call>", " done."]);
        const teacher = new ScriptedTeacher([{ text: " T1 " }, { text: "T2" }]);
        await solve({ student, teacher, userPrompt: "q", mode: "learned" });
        assert.deepEqual(teacher.requests.map((request) => request.partial), ["First step", "First step T1 then more"]);
    });

    test("an empty teacher completion that finished with stop ends the answer under reference; under ours the student goes on", async () => {
        const reference = await solve({ student: new ScriptedStudent(["a<call>4</call>", "b"]), teacher: new ScriptedTeacher([{ text: "", finishReason: "stop" }]), userPrompt: "q", mode: "learned", protocol: "reference" });
        assert.deepEqual([reference.text, reference.stopReason], ["a", "teacher-eos"]);
        const ours = await solve({ student: new ScriptedStudent(["a<call>4</call>", "b"]), teacher: new ScriptedTeacher([{ text: "", finishReason: "stop" }]), userPrompt: "q", mode: "learned" });
        assert.deepEqual([ours.text, ours.stopReason], ["ab", "eos"]);
    });

    test("auto runs learned commands under reference even for a student not marked relay-trained; under ours, confidence", () => {
        assert.equal(resolveMode("auto", false, "reference"), "learned");
        assert.equal(resolveMode("auto", false, "relay"), "confidence");
        assert.equal(resolveMode("auto", false), "confidence");
        assert.equal(resolveMode("teacher-free", false, "reference"), "teacher-free");
    });

    test("five student turns, <call>0</call> counted: at most four calls, and the fifth turn ends the answer", async () => {
        const student = new ScriptedStudent(["a<call>2</call>", "b<call>0</call>", "c<call>2</call>", "d<call>2</call>", "e<call>2</call>", "never written"]);
        const teacher = new ScriptedTeacher([{ text: "T" }]);
        const result = await solve({ student, teacher, userPrompt: "q", mode: "learned", protocol: "reference" });
        assert.equal(teacher.requests.length, 3);
        assert.equal(result.stopReason, "max-turns");
        assert.equal(result.text, "aTbcTdT" + "e");
        assert.ok(!student.context.includes("never written"));
    });

    test("grants are min(N, what is left of the global limit): no per-call cap", async () => {
        const student = new ScriptedStudent(["a<call>3000</call>", "b"]);
        const teacher = new ScriptedTeacher([{ text: "x".repeat(40) }]);
        const events: RelayEvent[] = [];
        await solve({ student, teacher, userPrompt: "q", mode: "learned", protocol: "reference" }, (event) => events.push(event));
        const granted = events.find((event) => event.type === "call-granted");
        assert.ok(granted?.type === "call-granted");
        assert.equal(granted.granted, 3000);
        assert.equal(teacher.requests[0]!.maxTokens, 3000);
        assert.deepEqual(teacher.requests[0]!.sampling, { topP: 1, topK: -1, minP: 0 });
    });

    test("a command without a count ends the answer, as the reference's 'Bad <call> tag' does; ours strips it and goes on", async () => {
        const run = (protocol: RelayProtocolName) => relay(protocol, ["a<call>x</call>", "b"], [{ text: "T" }]);
        const { result, teacher } = await run("reference");
        // The reader sees the text around the broken tag, under either protocol.
        assert.deepEqual([result.stopReason, teacher.requests.length, result.text], ["malformed-command", 0, "ax"]);
        assert.equal(result.transcript?.text, "a<call>x</call>\n[Error: Bad <call> tag]");
        const ours = await run("relay");
        assert.deepEqual([ours.result.stopReason, ours.teacher.requests.length, ours.result.text], ["eos", 0, "axb"]);
        assert.equal(ours.result.transcript, undefined);
    });

    test("case 1: a count followed by other text is a command for that count under reference, malformed under ours", async () => {
        const run = (protocol: RelayProtocolName) => relay(protocol, ["a<call>3 tokens</call>", " b"], [{ text: "TTT" }]);
        const { result, teacher } = await run("reference");
        assert.equal(teacher.requests[0]?.maxTokens, 3);
        // The reference's regex removes only well-formed commands: the broken one stays in the teacher's prompt.
        assert.equal(teacher.requests[0]?.partial, "a<call>3 tokens</call>");
        assert.equal(result.transcript?.text, "a<call>3 tokens</call>TTT b");
        const ours = await run("relay");
        assert.equal(ours.teacher.requests.length, 0);
        assert.equal(ours.result.text, "atokens b");
    });

    test("case 1: an unterminated `<call>3x` at the end of sequence still calls under reference; ours ends the answer", async () => {
        const run = (protocol: RelayProtocolName) => relay(protocol, ["a<call>3x", " then b"], [{ text: "TTT" }]);
        const { result, teacher } = await run("reference");
        assert.deepEqual([teacher.requests[0]?.maxTokens, teacher.requests[0]?.partial], [3, "a<call>3x"]);
        assert.deepEqual([result.text, result.stopReason], ["axTTT then b", "eos"]);
        const ours = await run("relay");
        assert.deepEqual([ours.teacher.requests.length, ours.result.text, ours.result.stopReason], [0, "ax", "eos"]);
    });

    test("case 1: a malformed command followed by a valid one in the same turn: the first `<call>\\s*(\\d+)` of the turn", async () => {
        const run = (protocol: RelayProtocolName) => relay(protocol, ["a<call>x <call>4</call>", "b"], [{ text: "TT" }]);
        const { teacher } = await run("reference");
        assert.deepEqual([teacher.requests[0]?.maxTokens, teacher.requests[0]?.partial], [4, "a<call>x"]);
        const ours = await run("relay");
        assert.deepEqual([ours.teacher.requests[0]?.maxTokens, ours.teacher.requests[0]?.partial], [4, "ax"]);
    });

    test("case 1: a command cut by the token limit: the reference has nothing left to grant and notes it", async () => {
        const run = (protocol: RelayProtocolName, maxTokens = 11) => relay(protocol, ["abcd<call>5</call>"], [{ text: "T" }], { maxTokens });
        const { result, teacher } = await run("reference");
        assert.deepEqual([teacher.requests.length, result.stopReason], [0, "max-tokens"]);
        assert.equal(result.transcript?.text, "abcd<call>5\n[Error: Limit Reached]");
        // Cut before `<call>` is complete, the turn holds no command: the reference's next turn finds no tokens left.
        assert.equal((await run("reference", 8)).result.transcript?.text, "abcd<cal\n[Error: Reached GLOBAL_MAX_TOKENS (8)]");
        const ours = await run("relay");
        assert.deepEqual([ours.teacher.requests.length, ours.result.stopReason, ours.result.text], [0, "max-tokens", "abcd"]);
    });

    test("case 2: any count is a command under reference (grant = what is left); ours strips a count over 10^6 and a body over 32 characters", async () => {
        const huge = await relay("reference", ["a<call>123456789012345678901234567890</call>", "b"], [{ text: "T", finishReason: "stop" }], { maxTokens: 200 });
        assert.equal(huge.teacher.requests[0]?.maxTokens, 200 - "a<call>123456789012345678901234567890</call>".length);
        const padded = "a<call>" + " ".repeat(40) + "6</call>";
        const long = await relay("reference", [padded, "b"], [{ text: "T" }]);
        assert.equal(long.teacher.requests[0]?.maxTokens, 6);
        assert.equal((await relay("relay", ["a<call>2000000</call>", "b"], [{ text: "T" }])).teacher.requests.length, 0);
        assert.equal((await relay("relay", [padded, "b"], [{ text: "T" }])).teacher.requests.length, 0);
    });

    test("case 3: nested `<call>5<call>3</call>`: the reference asks for 5, ours for 3", async () => {
        const reference = await relay("reference", ["a<call>5<call>3</call>", "b"], [{ text: "TTTTT" }]);
        assert.deepEqual([reference.teacher.requests[0]?.maxTokens, reference.teacher.requests[0]?.partial], [5, "a<call>5"]);
        const ours = await relay("relay", ["a<call>5<call>3</call>", "b"], [{ text: "TTT" }]);
        assert.deepEqual([ours.teacher.requests[0]?.maxTokens, ours.teacher.requests[0]?.partial], [3, "a"]);
    });

    test("Python's \\d and \\s: non-ASCII digits and a \\x1c separator make a command under reference; ours reads ASCII digits only", async () => {
        const arabic = await relay("reference", ["a<call>\u0663</call>", "b"], [{ text: "TTT" }]);
        assert.equal(arabic.teacher.requests[0]?.maxTokens, 3);
        assert.equal(arabic.teacher.requests[0]?.partial, "a");
        const separator = await relay("reference", ["a<call>\x1c7</call>", "b"], [{ text: "T" }]);
        assert.equal(separator.teacher.requests[0]?.maxTokens, 7);
        assert.equal((await relay("relay", ["a<call>\u0663</call>", "b"], [{ text: "T" }])).teacher.requests.length, 0);
        assert.deepEqual(readReferenceTurn("x<call>\u{1D7D7}\u{1D7D8}</call>"), { kind: "command", requested: 90 });
        // str.strip() keeps a zero-width no-break space, which JavaScript's trim() would take.
        assert.equal(referenceTeacherView("\ufeffa <call>1</call>\x85"), "\ufeffa");
    });

    test("a stray `</call>` ends the answer under reference (the transcript keeps it); ours strips it and goes on", async () => {
        const { result } = await relay("reference", ["a</call>", "b"], []);
        assert.deepEqual([result.stopReason, result.text, result.transcript?.text], ["malformed-command", "a", "a</call>"]);
        const ours = await relay("relay", ["a</call>", "b"], []);
        assert.deepEqual([ours.result.stopReason, ours.result.text], ["eos", "ab"]);
    });

    test("case 5: teacher text past the grant in student tokens is kept whole under reference and its stop ends the answer; ours cuts it and resumes", async () => {
        const run = (protocol: RelayProtocolName) => relay(protocol, ["a<call>4</call>", "b"], [{ text: "0123456789", finishReason: "stop" }]);
        const { result, events } = await run("reference");
        assert.deepEqual([result.text, result.stopReason, result.calls[0]?.producedStudentTokens], ["a0123456789", "teacher-eos", 10]);
        assert.ok(!events.some((event) => event.type === "teacher-over-grant"));
        const ours = await run("relay");
        assert.deepEqual([ours.result.text, ours.result.stopReason, ours.result.calls[0]?.finishReason], ["a0123b", "eos", "length"]);
        assert.ok(ours.events.some((event) => event.type === "teacher-over-grant"));
    });

    test("case 5: what the reference keeps is still bounded by the solve's limits: past the global limit it is cut and noted", async () => {
        const { result, teacher } = await relay("reference", ["a<call>4</call>", "b"], [{ unlimited: "0123456789" }], { maxTokens: 40 });
        assert.equal(teacher.streamedCharacters <= 40 + 16 + 10, true, `${teacher.streamedCharacters} characters read`);
        assert.equal(result.usage.studentTokens + result.usage.teacherTokens, 40);
        assert.equal(result.stopReason, "max-tokens");
        assert.ok(result.transcript?.text.endsWith("\n[Info: Limit Reached]"));
    });

    test("a teacher failure ends the answer with the reference's `[Error: …]` line; under ours the student goes on alone", async () => {
        const error = () => new TeacherRequestError("The teacher at http://t/v1 failed with a server error (500).", "server", 500);
        const { result } = await relay("reference", ["a<call>4</call>", "b"], [{ failAfter: "", error: error() }]);
        assert.deepEqual([result.stopReason, result.text], ["teacher-error", "a"]);
        assert.equal(result.transcript?.text, "a<call>4</call>\n[Error: The teacher at http://t/v1 failed with a server error (500).]");
        const ours = await relay("relay", ["a<call>4</call>", "b"], [{ failAfter: "", error: error() }]);
        assert.deepEqual([ours.result.stopReason, ours.result.text], ["eos", "ab"]);
    });

    test("case 8: the reference's transcript keeps the command text and is re-encoded for the call ratio's denominator", async () => {
        const { result } = await relay("reference", ["a<call>2</call>", "b<call>0</call>", "c"], [{ text: "TT" }]);
        assert.equal(result.text, "aTTbc");
        assert.equal(result.transcript?.text, "a<call>2</call>TTb<call>0</call>c");
        // The scripted tokenizer counts characters.
        assert.equal(result.transcript?.tokens, result.transcript?.text.length);
    });

    test("the student session gets the reference sampling and prompt format", async () => {
        const student = new ScriptedStudent(["done"]);
        await solve({ student, userPrompt: "q", mode: "teacher-free", protocol: "reference" });
        assert.deepEqual(student.sessions[0]!.sampling, { topK: 0, topP: 1, minP: 0 });
        assert.equal(student.sessions[0]!.plainPromptFormat, "user-assistant");
    });
});
