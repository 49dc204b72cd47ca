import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBenchArgs } from "../../src/cli/benchArgs";
import { UsageError } from "../../src/cli/usageError";
import { firstWord, gradeExact } from "../../src/eval/grader/exactMatch";

describe("exact-match grader", () => {
    it("judges the output's first word against the answer, ignoring case, spaces and punctuation", () => {
        assert.equal(gradeExact("dog", " dog. The dog ran away.").equal, true);
        assert.equal(gradeExact("dog", "Dog!").equal, true);
        assert.equal(gradeExact("Dog ", " dog").equal, true);
        assert.equal(gradeExact("dog", " a dog.").equal, false);
        assert.equal(gradeExact("dog", " dogs.").equal, false);
        assert.equal(gradeExact("dog", "").equal, false);
        assert.equal(gradeExact("", "").equal, false);
    });

    it("reports the word it compared", () => {
        assert.equal(gradeExact("red", "  <red> ball").pred.extracted, "red");
        assert.equal(firstWord("... 42 cats"), "42");
        assert.equal(firstWord("!!"), "");
    });

    it("is chosen with bench --grader (math by default)", () => {
        const base = ["--dataset", "x.jsonl", "--student", "s.gguf", "--modes", "student-only"];
        assert.equal(parseBenchArgs(base, {}).grader, "math");
        assert.equal(parseBenchArgs([...base, "--grader", "exact"], {}).grader, "exact");
        assert.throws(() => parseBenchArgs([...base, "--grader", "fuzzy"], {}), UsageError);
    });
});
