import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { solve, type SentRequest, type Teacher, type TeacherRequest } from "../../src/relay";
import { callLogLine, describeSentCall, RecordingTeacher, SentLog } from "../../src/extension/sentRequests";
import { ScriptedStudent } from "../support/scriptedStudent";

/** A SCRIPTED FAKE teacher that reports a request body as a real adapter does, then answers or fails. */
function teacherSending(text: string, fail?: Error): Teacher {
    return {
        name: "fake",
        async continue(request: TeacherRequest) {
            const sent: SentRequest = { url: "http://127.0.0.1:8080/v1/completions", body: { prompt: request.templatedPrompt + request.partial, max_tokens: request.maxTokens } };
            request.onSend?.(sent);
            if (fail) throw fail;
            request.onText?.(text);
            return { text, finishReason: "length" };
        },
    };
}

describe("what left the machine, call by call", () => {
    it("records each call's body as sent and the text back, by solve and call; counts the characters sent", async () => {
        const log = new SentLog();
        const lines: string[] = [];
        const teacher = new RecordingTeacher(teacherSending("TT"), "turn-1", log, (call, entry) => lines.push(callLogLine(call, entry, false)));
        await solve({ student: new ScriptedStudent(["a<call>2</call>", "b<call>3</call>", "c"]), teacher, userPrompt: "q", mode: "learned" });
        const first = log.get("turn-1", 0)!;
        assert.deepEqual(first.sent?.body, { prompt: "<|user|>q<|assistant|>a", max_tokens: 2 });
        assert.equal(first.received, "TT");
        assert.equal(log.get("turn-1", 1)?.sent?.body.max_tokens, 3);
        assert.equal(log.sentChars("turn-1"), JSON.stringify(first.sent!.body).length + JSON.stringify(log.get("turn-1", 1)!.sent!.body).length);
        assert.equal(lines.length, 2);
        assert.match(lines[0]!, /^teacher call 1: http:\/\/127\.0\.0\.1:8080 · \d+ characters sent · 2 received · answered \(length\)$/);
        assert.ok(!lines[0]!.includes("<|user|>"), "no text in the log unless asked for");
        assert.match(describeSentCall(first, 1), /POST http:\/\/127\.0\.0\.1:8080\/v1\/completions\n\{\n {2}"prompt": "<\|user\|>q<\|assistant\|>a"/);
        // One JSON value among comments: what VS Code's JSON-with-comments mode reads without an error.
        const document = describeSentCall(first, 1);
        assert.deepEqual(JSON.parse(document.split("\n").filter((line) => !line.startsWith("//")).join("\n")), first.sent?.body);
        assert.match(document, /\n\/\/ What came back \(answered, finish: length\):\n\/\/ "TT"\n$/);
    });

    it("a failed call is recorded with its error; the log keeps only the most recent calls", async () => {
        const log = new SentLog(2);
        const teacher = new RecordingTeacher(teacherSending("", new Error("boom")), "s", log);
        await assert.rejects(teacher.continue({ messages: [], templatedPrompt: "p", partial: "", maxTokens: 4 }));
        assert.deepEqual([log.get("s", 0)?.outcome, log.get("s", 0)?.error], ["failed", "boom"]);
        log.record("x", 0, { at: 0, sentChars: 0, received: "", outcome: "answered" });
        log.record("y", 0, { at: 0, sentChars: 0, received: "", outcome: "answered" });
        assert.equal(log.get("s", 0), undefined);
    });

    it("confirmCall sees exactly what would be sent; false holds the call back as declined and the student writes on", async () => {
        const previews: string[] = [];
        const teacher = teacherSending("T");
        const result = await solve({
            student: new ScriptedStudent(["a<call>2</call>", "b"]),
            teacher,
            userPrompt: "q",
            mode: "learned",
            confirmCall: async (preview) => {
                previews.push(preview.templatedPrompt + preview.partial);
                return false;
            },
        });
        assert.deepEqual(previews, ["<|user|>q<|assistant|>a"]);
        assert.deepEqual([result.text, result.calls.length, result.denied], ["ab", 0, { declined: 1 }]);
    });
});
