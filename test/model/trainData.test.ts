// `train warmup` with the REAL tiny student (stories260K over node-llama-cpp) and `train filter` against a
// REAL llama-server teacher (TinyStories 656K) on 127.0.0.1, graded by first word (the test bed's grader).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadDataset } from "../../src/eval/bench";
import { parseCalls, stripCommands } from "../support/parseCalls";
import { loadLlamaStudent, type LlamaStudent } from "../../src/student";
import { tokenizeContinuation } from "../../src/student/decoding/continuationTokenizer";
import { OpenAiTeacher } from "../../src/teacher";
import { easyR1Rows, PAPER_BAND, REFERENCE_BAND, runTeacherFilter, sampleWarmup, writeWarmupFiles, type WarmupRecord } from "../../src/train";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { requireSharedModels, studentModelPath } from "../support/paths";

requireSharedModels();
const dir = mkdtempSync(join(tmpdir(), "relayllm-train-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function dataset(name: string, rows: { id: string; problem: string; answer: string }[]): string {
    const path = join(dir, `${name}.jsonl`);
    writeFileSync(path, rows.map((row) => JSON.stringify(row) + "\n").join(""));
    return path;
}

describe("train warmup on the real student", () => {
    let student: LlamaStudent;
    before(async () => {
        student = await loadLlamaStudent({ model: studentModelPath, threads: 1, gpu: false });
    });
    after(async () => student?.dispose());

    const items = loadDataset(dataset("stories", [
        { id: "a", problem: "Once upon a time, there was a little girl", answer: "she" },
        { id: "b", problem: "The dog ran to the park and", answer: "he" },
    ]));
    const run = async (seed: number) => {
        const records: WarmupRecord[] = [];
        for await (const record of sampleWarmup({
            student, items, samples: 2, maxTokens: 24, temperature: 0.8, seed, keep: "all", grader: "exact", promptSuffix: "",
            commands: { kind: "uniform", min: 1, max: 3 }, callTokens: { kind: "choice", values: [16, 48] },
        })) records.push(record);
        return records;
    };

    it("writes its own sampled answers with counted commands at token boundaries, reproducibly from the seed", async () => {
        const records = await run(5);
        assert.equal(records.length, 4);
        for (const record of records) {
            const commands = parseCalls(record.answer).filter((s) => s.kind === "command");
            assert.ok(commands.length >= 1 && commands.length <= 3, record.answer);
            assert.deepEqual(commands.map((c) => (c.kind === "command" ? c.requested : 0)), record.calls.map((c) => c.n));
            assert.ok(record.calls.every((c) => c.n === 16 || c.n === 48));
            assert.equal(stripCommands(record.answer), record.sampled);
            // Each offset ends a prefix of whole tokens: the text before it, tokenized on its own after the prompt,
            // is the start of the answer's own tokens.
            const context = student.model.tokenize(record.templatedPrompt, false);
            const tokens = tokenizeContinuation(student.model, record.sampled, context);
            for (const call of record.calls) {
                const before = call.offset === 0 ? [] : tokenizeContinuation(student.model, record.sampled.slice(0, call.offset), context);
                assert.deepEqual(tokens.slice(0, before.length), before, `offset ${call.offset} of ${JSON.stringify(record.sampled)}`);
            }
        }
        // Not only the two ends: commands land inside the answers (a decode that dropped the leading space found none).
        const inner = records.flatMap((r) => r.calls.filter((c) => c.offset > 0 && c.offset < r.sampled.length));
        assert.ok(inner.length >= 2, JSON.stringify(records.map((r) => [r.sampled, r.calls])));
        assert.deepEqual(await run(5), records);
        assert.notDeepEqual((await run(6)).map((r) => r.answer), records.map((r) => r.answer));

        const paths = writeWarmupFiles(join(dir, "warmup"), records);
        const messages = readFileSync(paths.messages, "utf8").trim().split("\n").map((line) => JSON.parse(line));
        assert.deepEqual(messages[0], { messages: [{ role: "user", content: records[0].prompt }, { role: "assistant", content: records[0].answer }] });
        const pairs = readFileSync(paths.promptCompletion, "utf8").trim().split("\n").map((line) => JSON.parse(line));
        assert.deepEqual(pairs[2], { prompt: [{ role: "user", content: records[2].prompt }], completion: [{ role: "assistant", content: records[2].answer }] });
        const texts = readFileSync(paths.text, "utf8").trim().split("\n").map((line) => JSON.parse(line));
        assert.equal(texts[1].text, records[1].templatedPrompt + records[1].answer);
    });
});

describe("train filter against a real llama-server teacher", () => {
    let server: LlamaServer;
    before(async () => {
        server = await startLlamaServer();
    });
    after(async () => server?.stop());

    it("measures pass rates, keeps the band in EasyR1's format, and resumes without asking the teacher again", async () => {
        const teacher = () => new OpenAiTeacher({ baseURL: server.baseURL, model: "tinystories", maxRetries: 0 });
        const problem = "Once upon a time, there was a little";
        const common = { samples: 3, temperature: 0, topP: 1, maxTokens: 6, seed: 0, grader: "exact" as const, promptSuffix: "" };
        // First learn what the greedy teacher answers, then make that the gold answer of one problem.
        const probe = await runTeacherFilter({ ...common, teacher: teacher(), items: loadDataset(dataset("probe", [{ id: "p", problem, answer: "zzz" }])), resultsPath: join(dir, "probe-samples.jsonl") });
        const said = probe[0].answers[0];
        assert.ok(said !== "" && probe[0].answers.every((a) => a === said), JSON.stringify(probe[0].answers));
        assert.equal(probe[0].success_rate, 0);

        const items = loadDataset(dataset("filter", [{ id: "easy", problem, answer: said }, { id: "hard", problem, answer: "zzz" }]));
        const resultsPath = join(dir, "filter", "teacher-samples.jsonl");
        const records = await runTeacherFilter({ ...common, teacher: teacher(), items, resultsPath });
        assert.deepEqual(records.map((r) => [r.id, r.correct, r.success_rate]), [["easy", 3, 1], ["hard", 0, 0]]);
        assert.deepEqual(easyR1Rows(records, PAPER_BAND), [{ problem, answer: said, success_rate: 1 }]);
        assert.deepEqual(easyR1Rows(records, REFERENCE_BAND).map((r) => r.answer), [said]);

        await server.stop();
        let reused = 0;
        const again = await runTeacherFilter({ ...common, teacher: teacher(), items, resultsPath, onProblem: (_d, _t, fromFile) => void (reused += fromFile ? 1 : 0) });
        assert.equal(reused, 2);
        assert.deepEqual(again, records);
    });
});
