import { answersEqual } from "./answersEqual";
import { parseAnswer, parseExtracted } from "./parseAnswer";
import { sharedSymbolicEngine } from "./symbolicEngine";
import { SymbolicJudge } from "./symbolicJudge";
import type { GradeOptions, GradeResult, ParsedAnswer } from "./types";

const DEFAULT_TIME_LIMIT_MS = 5000;
const DEFAULT_RELATIVE_TOLERANCE = 1e-6;
/** A comma between digit groups, which may be a thousands separator or a list separator. */
const GROUPED_DIGITS = /\d,\d{3}(?!\d)/;

/**
 * Grades a model output against a gold answer. Both go through `extractAnswer` and `parseAnswer`; the
 * comparison runs under a time limit (a pathological expression yields `equal: false, timedOut: true`).
 * Async because the compute engine is loaded on first use.
 */
export async function grade(gold: string, pred: string, options: GradeOptions = {}): Promise<GradeResult> {
    const goldAnswer = parseAnswer(gold);
    const predAnswer = parseAnswer(pred);
    const symbolic = await sharedSymbolicEngine();
    const judge = new SymbolicJudge(symbolic.engine, options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE);
    const outcome = symbolic.run(() => verdict(goldAnswer, predAnswer, judge), options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
    if (!outcome.completed) return { equal: false, gold: goldAnswer, pred: predAnswer, timedOut: true };
    return { equal: outcome.value, gold: goldAnswer, pred: predAnswer, timedOut: false };
}

function verdict(gold: ParsedAnswer, pred: ParsedAnswer, judge: SymbolicJudge): boolean {
    if (gold.normalized === pred.normalized && gold.kind !== "empty") return true;
    if (answersEqual(gold, pred, judge)) return true;
    // `100,200` was read as one number; it may have been the list 100, 200.
    if (!GROUPED_DIGITS.test(gold.normalized) && !GROUPED_DIGITS.test(pred.normalized)) return false;
    const listGold = parseExtracted(gold.extracted, { thousands: false });
    const listPred = parseExtracted(pred.extracted, { thousands: false });
    return answersEqual(listGold, listPred, judge);
}
