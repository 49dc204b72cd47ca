import { grade } from "../eval/grader";
import { JsonLinesError, readJsonLines } from "../util/jsonLines";
import { parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

export const GRADE_USAGE = `usage: relayllm grade FILE.jsonl
Reads lines {"gold": string, "pred": string} and prints one JSON line per input line, in order:
{"equal": boolean, "gold": <parsed answer>, "pred": <parsed answer>}. The answer is extracted from "pred"
(and "gold") as the benchmark does: the last \\boxed{...}, else the last $...$ expression, else the last number.`;

interface GradeCase {
    gold: string;
    pred: string;
}

function caseProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return 'expected an object {"gold": string, "pred": string}';
    const record = value as Record<string, unknown>;
    if (typeof record.gold !== "string") return '"gold" must be a string';
    if (typeof record.pred !== "string") return '"pred" must be a string';
    return undefined;
}

/** Reads every case first, so a bad line is reported before anything is printed. */
function readCases(file: string): GradeCase[] {
    try {
        return readJsonLines<GradeCase>(file, { check: caseProblem });
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
    const { positionals } = parseFlags(argv, {});
    if (positionals.length !== 1) throw new UsageError("grade takes exactly one FILE.jsonl");
    for (const testCase of readCases(positionals[0]!)) {
        const result = await grade(testCase.gold, testCase.pred);
        await writeStdout(JSON.stringify({ equal: result.equal, gold: result.gold, pred: result.pred }) + "\n");
    }
    return 0;
}
