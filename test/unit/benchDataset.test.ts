import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { benchPrompt, DatasetError, datasetName, loadDataset, REFERENCE_PROMPT_SUFFIX, resolveDataset } from "../../src/eval/bench";
import { sharedDir } from "../support/paths";

function file(lines: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), "bench-dataset-"));
    const path = join(dir, "set.jsonl");
    writeFileSync(path, lines.join("\n"));
    return path;
}

describe("bench data sets", () => {
    it("resolves a shared name to <shared>/data/<name>.jsonl and loads its records", () => {
        const path = resolveDataset("gsm8k", sharedDir);
        assert.equal(path, join(sharedDir, "data", "gsm8k.jsonl"));
        assert.equal(datasetName(path), "gsm8k");
        const items = loadDataset(path, 3);
        assert.equal(items.length, 3);
        assert.deepEqual(items[0], { id: "gsm8k-test-0", problem: items[0]!.problem, answer: "18" });
    });

    it("loads every shared math set the paper reports", () => {
        for (const name of ["math500", "minerva_math", "olympiadbench", "aime24", "aime25"]) {
            assert.ok(loadDataset(resolveDataset(name, sharedDir)).length >= 30, name);
        }
    });

    it("an unknown name lists the known ones; a missing path is named", () => {
        const dir = mkdtempSync(join(tmpdir(), "bench-shared-"));
        mkdirSync(join(dir, "data"));
        assert.throws(() => resolveDataset("gsm9k", dir), (error: Error) => error instanceof DatasetError && /gsm9k/.test(error.message) && /gsm8k, math500/.test(error.message));
        assert.throws(() => resolveDataset("./nowhere/x.jsonl", dir), (error: Error) => error instanceof DatasetError && /nowhere\/x\.jsonl/.test(error.message));
    });

    it("takes any JSONL path; ids default to the record number and numeric answers become strings", () => {
        const path = file(['{"problem": "one plus one", "answer": 2}', "", '{"problem": "two", "answer": "2", "extra": true}']);
        assert.equal(resolveDataset(path, "/nonexistent"), path);
        assert.deepEqual(loadDataset(path), [
            { id: "item-1", problem: "one plus one", answer: "2" },
            { id: "item-2", problem: "two", answer: "2" },
        ]);
    });

    for (const [what, lines, pattern] of [
        ["invalid JSON", ['{"problem": "a", "answer": "1"}', '{"problem": '], /set\.jsonl:2: not valid JSON/],
        ["a missing problem", ['{"problem": "a", "answer": "1"}', "", '{"answer": "1"}'], /set\.jsonl:3: "problem" must be a non-empty string/],
        ["an empty answer", ['{"problem": "a", "answer": ""}'], /set\.jsonl:1: "answer" must be/],
        ["a duplicate id", ['{"id": "x", "problem": "a", "answer": "1"}', '{"id": "x", "problem": "b", "answer": "2"}'], /set\.jsonl:2: duplicate id "x"/],
        ["an array line", ["[1, 2]"], /set\.jsonl:1: expected a JSON object/],
    ] as const) {
        it(`a file with ${what} gets one error naming the line`, () => {
            const path = file([...lines]);
            assert.throws(() => loadDataset(path), (error: Error) => error instanceof DatasetError && pattern.test(error.message));
        });
    }

    it("an empty file is an error, and --limit keeps the first problems", () => {
        assert.throws(() => loadDataset(file([""])), /no records/);
        const path = file(['{"problem": "a", "answer": "1"}', '{"problem": "b", "answer": "2"}', '{"problem": "c", "answer": "3"}']);
        assert.deepEqual(loadDataset(path, 2).map((item) => item.problem), ["a", "b"]);
    });

    it("the prompt is the problem and the reference's instruction", () => {
        assert.equal(REFERENCE_PROMPT_SUFFIX, "\nPlease reason step by step, and put your final answer within \\boxed{}.");
        assert.equal(benchPrompt("What is 2+2?"), "What is 2+2?\nPlease reason step by step, and put your final answer within \\boxed{}.");
        assert.equal(benchPrompt("Q", " Answer."), "Q Answer.");
    });
});
