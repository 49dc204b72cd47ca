import { ConfigError, RelayError } from "../relay";
import { GrammarError } from "../student";
import { BENCH_USAGE, parseBenchArgs } from "./benchArgs";
import { runBenchCommand } from "./benchCommand";
import { GRADE_USAGE, runGrade } from "./gradeCommand";
import { parseSolveArgs, SOLVE_USAGE } from "./solveArgs";
import { runSolve } from "./solveCommand";
import { runSubcommand, type Subcommands } from "./subcommands";
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

const COMMANDS: Subcommands = { solve: runSolve, bench: runBenchCommand, grade: runGrade, testbed: runTestbedCommand, train: runTrainCommand };

async function run(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    try {
        return await runSubcommand(argv, COMMANDS, USAGE, "command");
    } catch (error) {
        // The student sees grammar text only; the file it came from is named here, where the flags are.
        if (error instanceof GrammarError && (command === "solve" || command === "bench")) {
            const file = (command === "solve" ? parseSolveArgs(rest) : parseBenchArgs(rest)).grammarFile;
            throw new UsageError(`grammar file ${file}: ${error.message}`);
        }
        throw error;
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
