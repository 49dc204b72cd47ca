// Resume logic without models: result keys and fingerprints, the results file, and runBench driving a
// scripted student and teacher that can be stopped midway.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
    configFingerprint,
    isSettled,
    planBench,
    resultKey,
    ResultsStore,
    runBench,
    truncateTornTail,
    type BenchItem,
    type BenchRecord,
    type FingerprintOptions,
    type ModelIdentity,
} from "../../src/eval/bench";
import { resolveRelayOptions, TeacherRequestError, type RelayOptions, type Student, type StudentSession, type StudentSessionOptions, type StudentTurn, type Teacher, type TeacherRequest, type TeacherResult } from "../../src/relay";

const models: ModelIdentity = { student: "/models/s.gguf", teacher: { url: "http://127.0.0.1:1/v1", model: "t", api: "completions" } };

function fingerprintOptions(overrides: Partial<RelayOptions> = {}): FingerprintOptions {
    return resolveRelayOptions({ student: undefined as unknown as Student, userPrompt: "", seed: 0, ...overrides });
}

const items: BenchItem[] = [
    { id: "a", problem: "one", answer: "1" },
    { id: "b", problem: "two", answer: "2" },
    { id: "c", problem: "three", answer: "3" },
];

/** A student that answers `\boxed{<the problem's answer>}` in `tokens` tokens, after `delayMs`; counts sessions. */
class ScriptedStudent implements Student {
    readonly info = { name: "scripted", relayTrained: false };
    sessions = 0;
    constructor(private readonly delayMs = 0, private readonly answers: Record<string, string> = { one: "1", two: "5", three: "3" }) {}
    async startSession({ messages }: StudentSessionOptions): Promise<StudentSession> {
        this.sessions++;
        const userPrompt = messages[messages.length - 1]!.content;
        const answer = this.answers[userPrompt.split("\n")[0]!] ?? "0";
        const delayMs = this.delayMs;
        return {
            templatedPrompt: userPrompt,
            droppedMessages: 0,
            reusedPromptTokens: 0,
            promptTokens: userPrompt.split(" ").length,
            async generate(request): Promise<StudentTurn> {
                await new Promise<void>((resolve) => {
                    const timer = setTimeout(resolve, delayMs);
                    request.signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
                });
                if (request.signal?.aborted) return { text: "", tokens: 0, stopReason: "aborted", inputTokensEvaluated: 0 };
                const text = `so \\boxed{${answer}}`;
                request.onText?.(text);
                return { text, tokens: 4, stopReason: "eos", inputTokensEvaluated: 1 };
            },
            append: async (text) => text.split(" ").length,
            countTokens: async (text) => text.split(" ").length,
            dispose: async () => {},
        };
    }
}

class ScriptedTeacher implements Teacher {
    readonly name = "scripted-teacher";
    calls = 0;
    constructor(private readonly fail?: TeacherRequestError) {}
    async continue(request: TeacherRequest): Promise<TeacherResult> {
        this.calls++;
        if (this.fail) throw this.fail;
        const text = "the answer is \\boxed{2}";
        // The engine keeps what streamed through onText (it guards the grant as text arrives).
        request.onText?.(text);
        return { text, finishReason: "stop", usage: { promptTokens: 10, completionTokens: 6 } };
    }
}

function tempResults(): string {
    return join(mkdtempSync(join(tmpdir(), "bench-results-")), "results.jsonl");
}

function plan(modes = ["student-only", "teacher-only", "router"] as const, repeats = 1) {
    const options = fingerprintOptions();
    return planBench({ items, modes: [...modes], repeats, routerFractions: [0.5], seed: 0, configOf: (mode) => configFingerprint(mode, models, options) });
}

describe("bench resume keys and fingerprints", () => {
    it("a key names mode, problem, repeat, settings and problem text", () => {
        const parts = { mode: "relay" as const, id: "a", repeat: 0, config: "c1", item: "i1" };
        assert.equal(resultKey(parts), resultKey({ ...parts }));
        for (const change of [{ mode: "confidence" as const }, { id: "b" }, { repeat: 1 }, { config: "c2" }, { item: "i2" }]) assert.notEqual(resultKey({ ...parts, ...change }), resultKey(parts));
    });

    it("a fingerprint changes only with the settings that can change that mode's result", () => {
        const base = fingerprintOptions();
        const moreCalls = fingerprintOptions({ maxCallTokens: 64 });
        assert.equal(configFingerprint("student-only", models, base), configFingerprint("student-only", models, moreCalls));
        assert.equal(configFingerprint("teacher-only", models, base), configFingerprint("teacher-only", models, moreCalls));
        assert.notEqual(configFingerprint("relay", models, base), configFingerprint("relay", models, moreCalls));
        assert.equal(configFingerprint("student-only", models, base), configFingerprint("student-only", { student: models.student }, base));
        assert.notEqual(configFingerprint("teacher-only", models, base), configFingerprint("teacher-only", { ...models, teacher: { ...models.teacher!, model: "u" } }, base));
        assert.notEqual(configFingerprint("student-only", models, base), configFingerprint("student-only", models, fingerprintOptions({ maxTokens: 10 })));
        assert.notEqual(configFingerprint("confidence", models, base), configFingerprint("confidence", models, fingerprintOptions({ confidence: { threshold: 0.5 } })));
        // An explicit default is the same setting as an omitted one.
        assert.equal(configFingerprint("relay", models, base), configFingerprint("relay", models, fingerprintOptions({ maxTokens: 8192, maxCalls: 5 })));
    });

    it("the plan runs each solve once; the router reuses student-only and teacher-only solves", () => {
        const layout = plan();
        assert.equal(layout.tasks.length, 6);
        const router = layout.methods.find((method) => method.mode === "router")!;
        assert.equal(router.cells.length, 3);
        const keys = new Set(layout.tasks.map((task) => task.key));
        for (const cell of router.cells) assert.ok(keys.has(cell.key));
        assert.equal(plan(["router"] as never).tasks.length, 3);
        assert.equal(plan(["student-only", "relay"] as never, 4).tasks.length, 2 * 3 * 4);
    });

    it("a solve whose teacher failed for a passing reason is redone; a lasting failure only on request", () => {
        const record = { teacherErrors: [] } as unknown as BenchRecord;
        assert.equal(isSettled(record), true);
        assert.equal(isSettled({ ...record, teacherErrors: ["unreachable"] }), false);
        assert.equal(isSettled({ ...record, teacherErrors: ["server"] }), false);
        assert.equal(isSettled({ ...record, teacherErrors: ["bad-request"] }), true);
        assert.equal(isSettled({ ...record, teacherErrors: ["bad-request"] }, true), false);
    });
});

describe("the results file", () => {
    it("cuts a torn last line so the next append starts clean", () => {
        const path = tempResults();
        writeFileSync(path, '{"a":1}\n{"b":');
        assert.equal(truncateTornTail(path), 5);
        assert.equal(readFileSync(path, "utf8"), '{"a":1}\n');
        assert.equal(truncateTornTail(path), 0);
        assert.equal(truncateTornTail(path + ".missing"), 0);
    });

    it("a line that is not a result is an error naming the line", () => {
        const path = tempResults();
        writeFileSync(path, '{"mode":"relay"}\n');
        assert.throws(() => ResultsStore.open(path), /results\.jsonl:1: "id" must be a string/);
    });
});

describe("runBench", () => {
    it("runs, grades and stores every solve; a rerun skips them all", async () => {
        const path = tempResults();
        const layout = plan();
        const student = new ScriptedStudent();
        const teacher = new ScriptedTeacher();
        const first = await runBench({ plan: layout, store: ResultsStore.open(path), student, teacher, relayOptions: {}, seed: 0 });
        assert.deepEqual(first, { skipped: 0, ran: 6, aborted: false });
        const lines = readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as BenchRecord);
        assert.equal(lines.length, 6);
        const byMode = (mode: string) => lines.filter((record) => record.mode === mode);
        assert.deepEqual(byMode("student-only").map((record) => [record.id, record.correct]), [["a", true], ["b", false], ["c", true]]);
        assert.deepEqual(byMode("teacher-only").map((record) => [record.id, record.correct, record.usage.teacherOutputTokens]), [["a", false, 6], ["b", true, 6], ["c", false, 6]]);
        assert.equal(teacher.calls, 3);

        const again = await runBench({ plan: layout, store: ResultsStore.open(path), student, teacher, relayOptions: {}, seed: 0 });
        assert.deepEqual(again, { skipped: 6, ran: 0, aborted: false });
        assert.equal(student.sessions, 6);
        assert.equal(readFileSync(path, "utf8").trim().split("\n").length, 6);
    });

    it("stopping midway keeps what finished; the rerun does only the rest", async () => {
        const path = tempResults();
        const layout = plan(["student-only"] as never, 4);
        const abort = new AbortController();
        const first = await runBench({
            plan: layout,
            store: ResultsStore.open(path),
            student: new ScriptedStudent(20),
            relayOptions: {},
            seed: 0,
            concurrency: 2,
            signal: abort.signal,
            onProgress: (progress) => {
                if (progress.ran === 5) abort.abort();
            },
        });
        assert.equal(first.aborted, true);
        const stored = readFileSync(path, "utf8").trim().split("\n").length;
        assert.ok(stored >= 5 && stored < 12, `stored ${stored}`);
        // A crash in the middle of an append leaves a torn line; the store drops it.
        appendFileSync(path, '{"mode":"student-only","id":"a"');
        const store = ResultsStore.open(path);
        assert.ok(store.repairedBytes > 0);
        const student = new ScriptedStudent();
        const second = await runBench({ plan: layout, store, student, relayOptions: {}, seed: 0 });
        assert.deepEqual(second, { skipped: stored, ran: 12 - stored, aborted: false });
        assert.equal(student.sessions, 12 - stored);
        const keys = readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as BenchRecord).map((record) => `${record.id}/${record.repeat}`);
        assert.equal(new Set(keys).size, 12);
        assert.equal(keys.length, 12);
    });

    it("records teacher failures per solve and redoes passing ones on resume", async () => {
        const path = tempResults();
        const layout = plan(["teacher-only"] as never);
        const down = new ScriptedTeacher(new TeacherRequestError("no server", "unreachable"));
        await runBench({ plan: layout, store: ResultsStore.open(path), student: new ScriptedStudent(), teacher: down, relayOptions: {}, seed: 0 });
        const failed = readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line) as BenchRecord);
        assert.deepEqual(failed.map((record) => [record.stopReason, record.teacherErrors, record.correct]), Array(3).fill(["teacher-error", ["unreachable"], false]));
        assert.equal(failed[0]!.teacherError, "no server");

        const up = new ScriptedTeacher();
        const store = ResultsStore.open(path);
        const outcome = await runBench({ plan: layout, store, student: new ScriptedStudent(), teacher: up, relayOptions: {}, seed: 0 });
        assert.deepEqual(outcome, { skipped: 0, ran: 3, aborted: false });
        assert.deepEqual(layout.tasks.map((task) => store.get(task.key)!.teacherErrors), [[], [], []]);
    });

    it("a solve that throws stops the run and is rethrown; finished solves stay stored", async () => {
        const path = tempResults();
        const layout = plan(["student-only"] as never, 2);
        const student = new ScriptedStudent();
        let started = 0;
        const failing: Student = {
            info: student.info,
            startSession: async (options) => {
                if (++started === 3) throw new Error("worker died");
                return student.startSession(options);
            },
        };
        await assert.rejects(runBench({ plan: layout, store: ResultsStore.open(path), student: failing, relayOptions: {}, seed: 0 }), /worker died/);
        assert.equal(readFileSync(path, "utf8").trim().split("\n").length, 2);
    });
});
