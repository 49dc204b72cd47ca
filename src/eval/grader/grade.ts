import { answersEqual } from "./answersEqual";
import { parseAnswer, parseExtracted, unparseable, type ParseOptions } from "./parseAnswer";
import { DECIMAL_COMMA } from "./parseNumber";
import { sharedSymbolicEngine } from "./symbolicEngine";
import { SymbolicJudge } from "./symbolicJudge";
import { runWithTimeLimit } from "./timeLimit";
import type { GradeOptions, GradeResult, ParsedAnswer } from "./types";
import { errorMessage } from "../../util/errorMessage";

const DEFAULT_TIME_LIMIT_MS = 5000;
const DEFAULT_RELATIVE_TOLERANCE = 1e-6;
/** A comma between digit groups, which may be a thousands separator or a list separator. */
const GROUPED_DIGITS = /\d,\d{3}(?!\d)/;

/**
 * Grades a model output against a gold answer. Both go through `extractAnswer` (`pred` in `options.extract`
 * mode) and `parseAnswer`; extraction, parsing and comparison share one time limit, so a pathological input
 * yields `equal: false, timedOut: true`, and an answer past the parser's caps is `unparseable` (never equal).
 * Never throws for string inputs. Async because the compute engine is loaded on first use.
 */
export async function grade(gold: string, pred: string, options: GradeOptions = {}): Promise<GradeResult> {
    const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    const started = performance.now();
    const symbolic = await sharedSymbolicEngine();
    let parsed: { gold: ParsedAnswer; pred: ParsedAnswer };
    try {
        const outcome = runWithTimeLimit(() => ({ gold: parseAnswer(gold), pred: parseAnswer(pred, {}, options.extract) }), limitMs);
        if (!outcome.completed) {
            const cut = (text: string) => unparseable(text, "not parsed within the time limit");
            return { equal: false, gold: cut(gold), pred: cut(pred), timedOut: true };
        }
        parsed = outcome.value;
    } catch (error) {
        // A stack overflow or a bug on a strange input: this answer is unparseable, the others still get graded.
        const failed = (text: string) => unparseable(text, `parse failed: ${errorMessage(error)}`);
        return { equal: false, gold: failed(gold), pred: failed(pred), timedOut: false };
    }
    const { gold: goldAnswer, pred: predAnswer } = parsed;
    if (goldAnswer.kind === "unparseable" || predAnswer.kind === "unparseable") return { equal: false, gold: goldAnswer, pred: predAnswer, timedOut: false };
    const judge = new SymbolicJudge(symbolic.engine, options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE);
    const leftMs = Math.max(1, limitMs - (performance.now() - started));
    try {
        const outcome = symbolic.run(() => verdict(goldAnswer, predAnswer, judge), leftMs);
        if (!outcome.completed) return { equal: false, gold: goldAnswer, pred: predAnswer, timedOut: true };
        return { equal: outcome.value, gold: goldAnswer, pred: predAnswer, timedOut: false };
    } catch {
        symbolic.reset();
        return { equal: false, gold: goldAnswer, pred: predAnswer, timedOut: false };
    }
}

function verdict(gold: ParsedAnswer, pred: ParsedAnswer, judge: SymbolicJudge): boolean {
    if (gold.normalized === pred.normalized && gold.kind !== "empty") return true;
    if (answersEqual(gold, pred, judge)) return true;
    // Other readings of commas between digits: `100,200` may be the list 100, 200; `1,22` may be 1.22.
    const rereadEqual = (options: ParseOptions) => answersEqual(parseExtracted(gold.extracted, options), parseExtracted(pred.extracted, options), judge);
    if ((GROUPED_DIGITS.test(gold.normalized) || GROUPED_DIGITS.test(pred.normalized)) && rereadEqual({ thousands: false })) return true;
    const decimalComma = (answer: ParsedAnswer) => DECIMAL_COMMA.test(answer.normalized.replace(/\s*%$/, ""));
    return (decimalComma(gold) || decimalComma(pred)) && rereadEqual({ decimalComma: true });
}
