// Measures the math grader: agreement with Math-Verify's verdicts on its regression cases (the shared set,
// and the held-out set of its other cases in test/fixtures/grading), our own corpus by class, MATH-500
// reference solutions against their own answers, and against other problems' answers (mismatch rate).
// Usage: npx tsx scripts/grader-agreement.ts [--verbose] [--extract first|last]   (data: $RELAYLLM_SHARED_DIR or ../shared)
// Ends with Markdown tables of the figures, ready to paste into the README.
import { join } from "node:path";
import {
    checkMismatchedPairs,
    checkReferenceSolutions,
    measureAgreement,
    readJsonLines,
    type AgreementReport,
    type ExtractMode,
    type GradingCase,
    type ParsedAnswer,
    type ReferenceProblem,
} from "../src/eval/grader";
import { projectRoot, sharedDir } from "../test/support/paths";

const verbose = process.argv.includes("--verbose");
const extractAt = process.argv.indexOf("--extract");
const extract = (extractAt > 0 ? process.argv[extractAt + 1] : "last") as ExtractMode;

function percent(part: number, total: number): string {
    return total === 0 ? "n/a" : `${((100 * part) / total).toFixed(1)}%`;
}

const share = (side: { agreed: number; total: number }) => (side.total === 0 ? "–" : `${side.agreed}/${side.total} (${percent(side.agreed, side.total)})`);

function describe(answer: ParsedAnswer): string {
    return `${answer.kind} ${JSON.stringify(answer.normalized.slice(0, 120))}`;
}

/** Grades one case file and prints its totals, its classes and (with --verbose) every disagreement. */
async function agreement(title: string, path: string): Promise<AgreementReport> {
    const cases = readJsonLines<GradingCase>(path);
    const report = await measureAgreement(cases, { extract });
    console.log(`\n${title}: ${cases.length} cases (${path}), ${report.elapsedMs.toFixed(0)} ms`);
    console.log(`  expected equal:     ${share(report.expectedTrue)} agree`);
    console.log(`  expected not equal: ${share(report.expectedFalse)} agree`);
    console.log("  | Class | Expected equal: agree | Expected not equal: agree |");
    console.log("  | --- | ---: | ---: |");
    for (const [cls, counts] of [...report.byClass].sort(([a], [b]) => a.localeCompare(b))) {
        console.log(`  | ${cls} | ${share(counts.expectedTrue)} | ${share(counts.expectedFalse)} |`);
    }
    for (const miss of verbose ? report.disagreements : []) {
        const timedOut = miss.result.timedOut ? " (timed out)" : "";
        console.log(`  #${miss.index} expected ${miss.expected}${timedOut} ${miss.origin ?? ""}`);
        console.log(`      gold ${describe(miss.result.gold)}`);
        console.log(`      pred ${describe(miss.result.pred)}`);
    }
    return report;
}

async function main(): Promise<void> {
    console.log(`extraction: ${extract} box`);
    const corpus = await agreement("Own corpus", join(projectRoot, "test", "fixtures", "grading", "corpus.jsonl"));
    const heldOut = await agreement("Math-Verify held-out cases", join(projectRoot, "test", "fixtures", "grading", "math-verify-heldout.jsonl"));
    const shared = await agreement("Math-Verify cases in shared/data/grading", join(sharedDir, "data", "grading", "math-verify-cases.jsonl"));

    const problems = readJsonLines<ReferenceProblem>(join(sharedDir, "data", "math500.jsonl"));
    const started = performance.now();
    const reference = await checkReferenceSolutions(problems, { extract });
    console.log(`\nMATH-500 reference solutions vs own answer: ${reference.equal}/${reference.total} equal (${(performance.now() - started).toFixed(0)} ms)`);
    for (const failure of verbose ? reference.failures : []) {
        console.log(`  ${failure.id}: answer ${describe(failure.result.gold)} / solution ${describe(failure.result.pred)}`);
    }
    const mismatch = await checkMismatchedPairs(problems, { extract });
    const judgedEqual = mismatch.total - mismatch.notEqual;
    console.log(
        `MATH-500 solutions vs another problem's answer: ${mismatch.notEqual}/${mismatch.total} judged not equal ` +
            `(${percent(mismatch.notEqual, mismatch.total)}); ${judgedEqual} judged equal, ${mismatch.sameText} pairs share the same answer text`,
    );
    for (const pair of verbose ? mismatch.judgedEqual : []) {
        console.log(`  ${pair.solutionId} vs answer of ${pair.answerId}: ${describe(pair.result.gold)} / ${describe(pair.result.pred)}`);
    }

    const count = (part: number, total: number) => `${part}/${total} (${percent(part, total)})`;
    console.log(
        [
            "",
            "| Check | Expected equal: we agree | Expected not equal: we agree |",
            "| --- | ---: | ---: |",
            `| Math-Verify cases held out (its tests, not in shared/data/grading) | ${share(heldOut.expectedTrue)} | ${share(heldOut.expectedFalse)} |`,
            `| Math-Verify cases in shared/data/grading | ${share(shared.expectedTrue)} | ${share(shared.expectedFalse)} |`,
            `| Own corpus (${corpus.expectedTrue.total + corpus.expectedFalse.total} cases, ${corpus.byClass.size} classes) | ${share(corpus.expectedTrue)} | ${share(corpus.expectedFalse)} |`,
            `| MATH-500 reference solution vs its own answer / vs another problem's answer | ${count(reference.equal, reference.total)} | ${count(mismatch.notEqual, mismatch.total)} (${mismatch.sameText} pairs share the answer text) |`,
        ].join("\n"),
    );
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
