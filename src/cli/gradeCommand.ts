import * as v from "valibot";
import { EXTRACT_MODES, grade, type ExtractMode } from "../eval/grader";
import { errorMessage } from "../util/errorMessage";
import { JsonLinesError, readJsonLines } from "../util/jsonLines";
import { describedObject, parseOrProblem } from "../util/schema";
import { choiceFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

export const GRADE_USAGE = `usage: relayllm grade FILE.jsonl [--extract last|first]
Reads lines {"gold": string, "pred": string} and prints one JSON line per input line, in order:
{"equal": boolean, "gold": <parsed answer>, "pred": <parsed answer>}. The answer is extracted from "pred"
(and "gold") as the benchmark does: the last \\boxed{...}, else the last $...$ expression, else the last number.
--extract first takes the first \\boxed{...} of "pred" that closes on its line, as the RelayLLM reference
evaluation does (no box: not equal). An answer past the grader's caps is {"kind": "unparseable"} and
not equal; a line whose grading fails prints {"equal": false, "error": ...} and the others are still
graded (exit code 1).`;

/** One line of the input file. */
const gradeCaseSchema = describedObject({ gold: v.string('"gold" must be a string'), pred: v.string('"pred" must be a string') }, 'expected an object {"gold": string, "pred": string}');
type GradeCase = v.InferOutput<typeof gradeCaseSchema>;

/** Reads every case first, so a bad line is reported before anything is printed. */
function readCases(file: string): GradeCase[] {
    try {
        const cases: GradeCase[] = [];
        readJsonLines(file, {
            check: (value) => {
                const parsed = parseOrProblem(gradeCaseSchema, value);
                if (parsed.problem === undefined) cases.push(parsed.output);
                return parsed.problem;
            },
        });
        return cases;
    } catch (error) {
        if (error instanceof JsonLinesError) throw new UsageError(error.message);
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
}

export async function runGrade(argv: string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        await writeStdout(GRADE_USAGE + "\n");
        return 0;
    }
    const { values, positionals } = parseFlags(argv, { extract: { type: "string" } });
    if (positionals.length !== 1) throw new UsageError("grade takes exactly one FILE.jsonl");
    const extract = choiceFlag("--extract", values.extract, EXTRACT_MODES) ?? "last";
    let failed = 0;
    for (const testCase of readCases(positionals[0]!)) {
        // `grade` does not throw for strings; this guard keeps one unexpected failure from ending the run.
        let line: string;
        try {
            const result = await grade(testCase.gold, testCase.pred, { extract: extract as ExtractMode });
            line = JSON.stringify({ equal: result.equal, gold: result.gold, pred: result.pred });
        } catch (error) {
            failed++;
            line = JSON.stringify({ equal: false, error: errorMessage(error) });
        }
        await writeStdout(line + "\n");
    }
    return failed > 0 ? 1 : 0;
}
