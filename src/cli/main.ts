import { inspect } from "node:util";
import { ConfigError, RelayError } from "../relay";
import { BENCH_USAGE } from "./benchArgs";
import { runBenchCommand } from "./benchCommand";
import { GRADE_USAGE, runGrade } from "./gradeCommand";
import { SOLVE_USAGE } from "./solveArgs";
import { runSolve } from "./solveCommand";
import { runSubcommand, type Subcommands } from "./subcommands";
import { runTestbedCommand, TESTBED_USAGE } from "./testbedCommand";
import { runTrainCommand, TRAIN_USAGE } from "./trainCommand";
import { UsageError } from "./usageError";
import { errorMessage } from "../util/errorMessage";
import { terminalSafe } from "../format/terminalText";
import { redactSecrets } from "../relay/redactCredentials";

const USAGE = `relayllm — a small local model writes, a large teacher model steps in for the hard parts

${SOLVE_USAGE}

${BENCH_USAGE}

${GRADE_USAGE}

${TESTBED_USAGE}

${TRAIN_USAGE}`;

const COMMANDS: Subcommands = { solve: runSolve, bench: runBenchCommand, grade: runGrade, testbed: runTestbedCommand, train: runTrainCommand };

async function run(argv: string[]): Promise<number> {
    return runSubcommand(argv, COMMANDS, USAGE, "command");
}

/**
 * One line on stderr for every failure a user can cause or fix; a stack trace only with RELAYLLM_DEBUG. Messages
 * quote servers, models and file names: they pass through `terminalSafe`.
 */
function report(error: unknown): number {
    // The error's causes may hold a server's raw answer, which may echo the key.
    if (process.env.RELAYLLM_DEBUG) process.stderr.write(terminalSafe(redactSecrets(inspect(error, { depth: 8 }))) + "\n");
    const line = (message: string) => process.stderr.write(`relayllm: ${terminalSafe(redactSecrets(message))}\n`);
    if (error instanceof UsageError || error instanceof ConfigError) {
        line(error.message);
        return 2;
    }
    if (error instanceof RelayError) {
        line(error.message);
        return 1;
    }
    line(`unexpected error: ${errorMessage(error)}`);
    return 1;
}

// A terminated CLI exits through process.exit, so its `exit` hooks run: they kill the student's worker process,
// which may be busy for a while and would otherwise outlive us (Node's default for these signals skips them).
// A command that handles the signal itself (bench stops gracefully, keeping its table) is left to do so.
for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129]] as const) process.once(signal, () => process.listenerCount(signal) === 0 && process.exit(code));

run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => process.exit(report(error)),
);
