import { ConfigError, RelayError } from "../relay";
import { GrammarError } from "../student";
import { BENCH_USAGE, parseBenchArgs } from "./benchArgs";
import { runBenchCommand } from "./benchCommand";
import { GRADE_USAGE, runGrade } from "./gradeCommand";
import { parseSolveArgs, SOLVE_USAGE } from "./solveArgs";
import { runSolve } from "./solveCommand";
import { writeStdout } from "./stdout";
import { runTestbedCommand, TESTBED_USAGE } from "./testbedCommand";
import { runTrainCommand, TRAIN_USAGE } from "./trainCommand";
import { UsageError } from "./usageError";
import { errorMessage } from "../util/errorMessage";

const USAGE = `relayllm — a small local model writes, a large teacher model steps in for the hard parts

${SOLVE_USAGE}

${BENCH_USAGE}

${GRADE_USAGE}

${TESTBED_USAGE}

${TRAIN_USAGE}`;

async function run(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    try {
        return await runCommand(command, rest);
    } catch (error) {
        // The student sees grammar text only; the file it came from is named here, where the flags are.
        if (error instanceof GrammarError && (command === "solve" || command === "bench")) {
            const file = (command === "solve" ? parseSolveArgs(rest) : parseBenchArgs(rest)).grammarFile;
            throw new UsageError(`grammar file ${file}: ${error.message}`);
        }
        throw error;
    }
}

async function runCommand(command: string | undefined, rest: string[]): Promise<number> {
    switch (command) {
        case "solve":
            return runSolve(rest);
        case "bench":
            return runBenchCommand(rest);
        case "grade":
            return runGrade(rest);
        case "testbed":
            return runTestbedCommand(rest);
        case "train":
            return runTrainCommand(rest);
        case undefined:
        case "help":
        case "--help":
        case "-h":
            await writeStdout(USAGE + "\n");
            return command === undefined ? 2 : 0;
        default:
            throw new UsageError(`unknown command "${command}" (expected solve, bench, grade, testbed or train; try: relayllm help)`);
    }
}

/** One line on stderr for every failure a user can cause or fix; a stack trace only with RELAYLLM_DEBUG. */
function report(error: unknown): number {
    if (process.env.RELAYLLM_DEBUG) console.error(error);
    if (error instanceof UsageError || error instanceof ConfigError) {
        process.stderr.write(`relayllm: ${error.message}\n`);
        return 2;
    }
    if (error instanceof RelayError) {
        process.stderr.write(`relayllm: ${error.message}\n`);
        return 1;
    }
    process.stderr.write(`relayllm: unexpected error: ${errorMessage(error)}\n`);
    return 1;
}

run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => process.exit(report(error)),
);
