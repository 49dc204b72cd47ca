// Measures the math grader: agreement with Math-Verify's verdicts on its regression cases, MATH-500
// reference solutions against their own answers, and against other problems' answers (mismatch rate).
// Usage: npx tsx scripts/grader-agreement.ts [--verbose]   (data: $RELAYLLM_SHARED_DIR or ../shared)
// Ends with a Markdown table of the figures, ready to paste into the README.
import { join } from "node:path";
import {
    checkMismatchedPairs,
    checkReferenceSolutions,
    measureAgreement,
    readJsonLines,
    type GradingCase,
    type ParsedAnswer,
    type ReferenceProblem,
} from "../src/eval/grader";
import { sharedDir } from "../test/support/paths";

const verbose = process.argv.includes("--verbose");

function percent(part: number, total: number): string {
    return total === 0 ? "n/a" : `${((100 * part) / total).toFixed(1)}%`;
}

function describe(answer: ParsedAnswer): string {
    return `${answer.kind} ${JSON.stringify(answer.normalized.slice(0, 120))}`;
}

async function main(): Promise<void> {
    const casesPath = join(sharedDir, "data", "grading", "math-verify-cases.jsonl");
    const cases = readJsonLines<GradingCase>(casesPath);
    const report = await measureAgreement(cases);
    const { expectedTrue, expectedFalse } = report;
    console.log(`Math-Verify cases (${cases.length}, ${casesPath}), ${report.elapsedMs.toFixed(0)} ms`);
    console.log(`  expected true:  ${expectedTrue.agreed}/${expectedTrue.total} agree (${percent(expectedTrue.agreed, expectedTrue.total)})`);
    console.log(`  expected false: ${expectedFalse.agreed}/${expectedFalse.total} agree (${percent(expectedFalse.agreed, expectedFalse.total)})`);
    if (verbose) {
        for (const miss of report.disagreements) {
            const timedOut = miss.result.timedOut ? " (timed out)" : "";
            console.log(`  #${miss.index} expected ${miss.expected}${timedOut} ${miss.origin ?? ""}`);
            console.log(`      gold ${describe(miss.result.gold)}`);
            console.log(`      pred ${describe(miss.result.pred)}`);
        }
    }

    const problems = readJsonLines<ReferenceProblem>(join(sharedDir, "data", "math500.jsonl"));
    const started = performance.now();
    const reference = await checkReferenceSolutions(problems);
    console.log(`MATH-500 reference solutions vs own answer: ${reference.equal}/${reference.total} equal (${(performance.now() - started).toFixed(0)} ms)`);
    for (const failure of verbose ? reference.failures : []) {
        console.log(`  ${failure.id}: answer ${describe(failure.result.gold)} / solution ${describe(failure.result.pred)}`);
    }

    const mismatch = await checkMismatchedPairs(problems);
    const judgedEqual = mismatch.total - mismatch.notEqual;
    console.log(
        `MATH-500 solutions vs another problem's answer: ${mismatch.notEqual}/${mismatch.total} judged not equal ` +
            `(${percent(mismatch.notEqual, mismatch.total)}); ${judgedEqual} judged equal, ${mismatch.sameText} pairs share the same answer text`,
    );
    for (const pair of verbose ? mismatch.judgedEqual : []) {
        console.log(`  ${pair.solutionId} vs answer of ${pair.answerId}: ${describe(pair.result.gold)} / ${describe(pair.result.pred)}`);
    }

    const share = (part: number, total: number) => `${part}/${total} (${percent(part, total)})`;
    console.log(
        [
            "",
            "| Check | Result |",
            "| --- | ---: |",
            `| Math-Verify regression cases judged equal by Math-Verify: we agree | ${share(expectedTrue.agreed, expectedTrue.total)} |`,
            `| Math-Verify regression cases judged not equal by Math-Verify: we agree | ${share(expectedFalse.agreed, expectedFalse.total)} |`,
            `| MATH-500 reference solution vs its own answer: equal | ${share(reference.equal, reference.total)} |`,
            `| MATH-500 reference solution vs another problem's answer: not equal | ${share(mismatch.notEqual, mismatch.total)} (${mismatch.sameText} pairs share the answer text) |`,
        ].join("\n"),
    );
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
