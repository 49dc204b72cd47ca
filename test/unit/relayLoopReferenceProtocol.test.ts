import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveMode, solve, type RelayEvent } from "../../src/relay";
import { ScriptedStudent } from "../support/scriptedStudent";
import { ScriptedTeacher } from "../support/scriptedTeacher";

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

    test("a command without a count ends the answer, as the reference's 'Bad <call> tag' does", async () => {
        const student = new ScriptedStudent(["a<call>x</call>", "never written"]);
        const teacher = new ScriptedTeacher([{ text: "T" }]);
        const result = await solve({ student, teacher, userPrompt: "q", mode: "learned", protocol: "reference" });
        assert.equal(result.stopReason, "malformed-command");
        assert.equal(teacher.requests.length, 0);
        assert.ok(!result.text.includes("never written"));
    });

    test("the student session gets the reference sampling and prompt format", async () => {
        const student = new ScriptedStudent(["done"]);
        await solve({ student, userPrompt: "q", mode: "teacher-free", protocol: "reference" });
        assert.deepEqual(student.sessions[0]!.sampling, { topK: 0, topP: 1, minP: 0 });
        assert.equal(student.sessions[0]!.plainPromptFormat, "user-assistant");
    });
});
