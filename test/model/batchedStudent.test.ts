// Batched student sequences with the real stories260K student in its worker process: solves in flight share
// one context (one sequence each, decoded in one batch), and every per-solve guarantee still holds: a solve
// waiting for its teacher holds up no one, a cancel ends only its own solve, greedy text is what the solve
// gives alone, and a worker crash ends every solve in flight with the student-crashed stop reason. The trainer's
// rollouts use the same sequences in process.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { solve, type Teacher, type TeacherRequest, type TeacherResult } from "../../src/relay";
import { loadLlamaStudent, loadWorkerStudent, type WorkerStudent } from "../../src/student";
import type { TestbedQuestion } from "../../src/testbed";
import { sampleRollouts } from "../../src/train/expertIteration";
import { projectRoot, studentModelPath, studentWorkerPath } from "../support/paths";
import { waitUntil } from "../support/waitFor";

const grammar = readFileSync(join(projectRoot, "examples", "grammars", "call-once.gbnf"), "utf8");
const stories = ["Once upon a time", "Lily had a red ball", "Tom went to the park", "The sun was hot"];


/** A teacher that answers only when the test lets it (a slow server, under the test's control). */
class GatedTeacher implements Teacher {
    readonly name = "gated-teacher";
    waiting = 0;
    private open!: () => void;
    private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

    async continue(request: TeacherRequest): Promise<TeacherResult> {
        this.waiting++;
        await this.opened;
        this.waiting--;
        request.onText?.(" the teacher says hi");
        return { text: " the teacher says hi", finishReason: "length" };
    }

    answer(): void {
        this.open();
    }
}

describe("batched student sequences (stories260K in its worker)", () => {
    let student: WorkerStudent;
    before(async () => {
        student = await loadWorkerStudent({ model: studentModelPath, threads: 1, sequences: 4, workerPath: studentWorkerPath });
    });
    after(async () => student?.dispose());

    it("reports its sequences", () => {
        assert.equal(student.sequences, 4);
    });

    it("a solve waiting for its teacher does not hold up the others", async () => {
        const teacher = new GatedTeacher();
        const calling = solve({ student, teacher, userPrompt: stories[0]!, mode: "learned", grammar, temperature: 0, maxTokens: 120 });
        await waitUntil(() => teacher.waiting === 1, 10_000, "condition not met in time", 10);
        const others = await Promise.all(stories.slice(1).map((userPrompt) => solve({ student, userPrompt, mode: "teacher-free", temperature: 0, maxTokens: 64 })));
        assert.equal(teacher.waiting, 1, "the other solves finished while the first still waited");
        for (const other of others) assert.equal(other.usage.studentTokens, 64);
        teacher.answer();
        const called = await calling;
        assert.equal(called.calls.length, 1);
        // The grant (8 to 16 student tokens) may cut the scripted text.
        assert.ok(called.spans.some((span) => span.source === "teacher" && span.text.startsWith(" the teacher")), JSON.stringify(called.spans));
    });

    it("solves decoded together give the greedy text each gives alone", async () => {
        const alone: string[] = [];
        for (const userPrompt of stories) alone.push((await solve({ student, userPrompt, mode: "teacher-free", temperature: 0, maxTokens: 32 })).text);
        const together = await Promise.all(stories.map((userPrompt) => solve({ student, userPrompt, mode: "teacher-free", temperature: 0, maxTokens: 32 })));
        // Batching changes llama.cpp's floating-point summation order; these short texts hold no near-tie.
        assert.deepEqual(together.map((result) => result.text), alone);
    });

    it("cancelling one solve ends only that solve", async () => {
        const abort = new AbortController();
        let streamed = 0;
        const cancelled = solve({ student, userPrompt: stories[0]!, mode: "teacher-free", temperature: 0, maxTokens: 1500, signal: abort.signal }, (event) => {
            if (event.type === "student-text" && ++streamed === 1) abort.abort();
        });
        const other = solve({ student, userPrompt: stories[1]!, mode: "teacher-free", temperature: 0, maxTokens: 200 });
        const [stopped, finished] = await Promise.all([cancelled, other]);
        assert.equal(stopped.stopReason, "aborted");
        assert.ok(stopped.usage.studentTokens < 1500);
        assert.equal(finished.usage.studentTokens, 200);
        assert.equal(finished.stopReason, "max-tokens");
    });

    it("a worker crash ends every solve in flight as student-crashed", async () => {
        const crashing = await loadWorkerStudent({ model: studentModelPath, threads: 1, sequences: 2, workerPath: studentWorkerPath });
        try {
            let streamed = 0;
            const onEvent = (event: { type: string }) => {
                if (event.type === "student-text" && ++streamed === 2) process.kill(crashing.pid!, "SIGKILL");
            };
            const outcomes = await Promise.allSettled(stories.slice(0, 2).map((userPrompt) => solve({ student: crashing, userPrompt, mode: "teacher-free", temperature: 0, maxTokens: 5000 }, onEvent)));
            for (const outcome of outcomes) {
                assert.equal(outcome.status, "rejected");
                assert.equal((outcome.reason as { partial?: { stopReason: string } }).partial?.stopReason, "student-crashed");
            }
            assert.equal(crashing.alive, false);
        } finally {
            await crashing.dispose();
        }
    });

    it("the trainer samples a group's rollouts together, in the items' order", async () => {
        const inProcess = await loadLlamaStudent({ model: studentModelPath, threads: 1, gpu: false, contextSize: 256, sequences: 4 });
        try {
            const items = stories.slice(0, 2).map((prompt, index): TestbedQuestion => ({ id: `story-${index}`, kind: "student-solvable", gap: null, split: "train", prompt, answer: "x" }));
            const neverCalled: Teacher = { name: "unused", continue: () => Promise.reject(new Error("the untrained student wrote no command")) };
            const rollouts = await sampleRollouts(inProcess, neverCalled, items, { samples: 4, rolloutTokens: 16, temperature: 1, seed: 7 });
            assert.deepEqual(rollouts.map((rollout) => rollout.item.id), ["story-0", "story-0", "story-0", "story-0", "story-1", "story-1", "story-1", "story-1"]);
            for (const rollout of rollouts) assert.ok(rollout.responseLength > 0 && rollout.responseLength <= 16);
        } finally {
            await inProcess.dispose();
        }
    });
});
