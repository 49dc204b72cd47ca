// The grader against its regression fixtures: our own corpus by class (every case must agree) and the
// Math-Verify cases held out from ../shared/data/grading (measured only: at least 95% on each side).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { measureAgreement, readJsonLines, type GradingCase } from "../../src/eval/grader";
import { projectRoot } from "../support/paths";

const fixtures = join(projectRoot, "test", "fixtures", "grading");

test("agrees with every case of the own corpus, in every class", async () => {
    const cases = readJsonLines<GradingCase>(join(fixtures, "corpus.jsonl"));
    assert.ok(cases.length >= 300, `${cases.length} cases`);
    assert.ok(cases.every((testCase) => typeof testCase.class === "string"));
    const report = await measureAgreement(cases);
    assert.ok(report.byClass.size >= 10);
    const misses = report.disagreements.map((miss) => `${miss.origin} #${miss.index} expected ${miss.expected}: ${miss.result.gold.normalized} / ${miss.result.pred.normalized}`);
    assert.deepEqual(misses, []);
});

test("agrees with Math-Verify on at least 95% of its held-out regression cases on each side", async () => {
    const cases = readJsonLines<GradingCase>(join(fixtures, "math-verify-heldout.jsonl"));
    const report = await measureAgreement(cases);
    const misses = report.disagreements.map((miss) => `${miss.origin} #${miss.index} expected ${miss.expected}: ${miss.result.gold.normalized} / ${miss.result.pred.normalized}`);
    assert.ok(report.expectedTrue.total >= 100 && report.expectedFalse.total >= 20);
    assert.ok(report.expectedTrue.agreed >= 0.95 * report.expectedTrue.total, misses.join("\n"));
    assert.ok(report.expectedFalse.agreed >= 0.95 * report.expectedFalse.total, misses.join("\n"));
});
