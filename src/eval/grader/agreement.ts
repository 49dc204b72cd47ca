import { grade } from "./grade";
import type { GradeOptions, GradeResult } from "./types";

/** One regression case: the expected verdict (Math-Verify's, or ours for the own corpus) on a gold/pred pair. */
export interface GradingCase {
    gold: string;
    pred: string;
    expected: boolean;
    origin?: string;
    /** The case's class in the own corpus (`decimal-comma`, `minerva-ending`, ...). */
    class?: string;
}

/** Agreement on one side: how many cases agreed out of how many. */
export interface SideCount {
    agreed: number;
    total: number;
}

/** A MATH-500 record (only the fields the checks read). */
export interface ReferenceProblem {
    id: string;
    answer: string;
    solution: string;
}

export interface Disagreement {
    index: number;
    expected: boolean;
    result: GradeResult;
    origin?: string;
}

/** Agreement of `grade()` with the expected verdicts, counted separately on each side. */
export interface AgreementReport {
    expectedTrue: SideCount;
    expectedFalse: SideCount;
    /** The same counts per class (`class`, else the test function named in `origin`, else "all"). */
    byClass: Map<string, { expectedTrue: SideCount; expectedFalse: SideCount }>;
    disagreements: Disagreement[];
    elapsedMs: number;
}

/** The class a case is counted under: its `class`, else the test function in `origin` (`...::test_boxed@5d148cfa`). */
export function caseClass(testCase: GradingCase): string {
    return testCase.class ?? /::([\w]+)/.exec(testCase.origin ?? "")?.[1] ?? "all";
}

/** Grades every case and counts agreement with `expected`, overall and per class. */
export async function measureAgreement(cases: GradingCase[], options?: GradeOptions): Promise<AgreementReport> {
    const report: AgreementReport = { expectedTrue: { agreed: 0, total: 0 }, expectedFalse: { agreed: 0, total: 0 }, byClass: new Map(), disagreements: [], elapsedMs: 0 };
    const started = performance.now();
    for (const [index, testCase] of cases.entries()) {
        const result = await grade(testCase.gold, testCase.pred, options);
        const cls = caseClass(testCase);
        if (!report.byClass.has(cls)) report.byClass.set(cls, { expectedTrue: { agreed: 0, total: 0 }, expectedFalse: { agreed: 0, total: 0 } });
        const perClass = report.byClass.get(cls)!;
        const agreed = result.equal === testCase.expected;
        for (const side of testCase.expected ? [report.expectedTrue, perClass.expectedTrue] : [report.expectedFalse, perClass.expectedFalse]) {
            side.total++;
            if (agreed) side.agreed++;
        }
        if (!agreed) report.disagreements.push({ index, expected: testCase.expected, result, origin: testCase.origin ?? testCase.class });
    }
    report.elapsedMs = performance.now() - started;
    return report;
}

/** How many reference solutions were judged equal to their own answer. */
export interface ReferenceCheck {
    total: number;
    equal: number;
    failures: { id: string; answer: string; result: GradeResult }[];
}

/** Judges each reference solution against its own answer: all should be equal. */
export async function checkReferenceSolutions(problems: ReferenceProblem[], options?: GradeOptions): Promise<ReferenceCheck> {
    const check: ReferenceCheck = { total: problems.length, equal: 0, failures: [] };
    for (const problem of problems) {
        const result = await grade(problem.answer, problem.solution, options);
        if (result.equal) check.equal++;
        else check.failures.push({ id: problem.id, answer: problem.answer, result });
    }
    return check;
}

export interface MismatchCheck {
    total: number;
    /** Pairs judged not equal. */
    notEqual: number;
    /** Pairs whose two answers are the same text (judging those equal is right). */
    sameText: number;
    /** Pairs judged equal although their answer texts differ. */
    judgedEqual: { solutionId: string; answerId: string; answer: string; result: GradeResult }[];
}

/** A fixed derangement: a seeded shuffle in which no problem keeps its own position. */
export function derangement(length: number, seed = 20260105): number[] {
    const order = Array.from({ length }, (_, i) => i);
    let state = seed >>> 0;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let i = length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
    }
    for (let i = 0; i < length && length > 1; i++) {
        if (order[i] === i) {
            const k = (i + 1) % length;
            [order[i], order[k]] = [order[k], order[i]];
        }
    }
    return order;
}

/** Pairs each reference solution with another problem's answer; nearly all must be judged not equal. */
export async function checkMismatchedPairs(problems: ReferenceProblem[], options?: GradeOptions): Promise<MismatchCheck> {
    const partner = derangement(problems.length);
    const check: MismatchCheck = { total: problems.length, notEqual: 0, sameText: 0, judgedEqual: [] };
    for (const [i, problem] of problems.entries()) {
        const other = problems[partner[i]];
        if (other.answer.trim() === problem.answer.trim()) check.sameText++;
        const result = await grade(other.answer, problem.solution, options);
        if (!result.equal) check.notEqual++;
        else if (other.answer.trim() !== problem.answer.trim()) {
            check.judgedEqual.push({ solutionId: problem.id, answerId: other.id, answer: other.answer, result });
        }
    }
    return check;
}
