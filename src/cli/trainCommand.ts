import { runTrainFilter, TRAIN_FILTER_USAGE } from "./trainFilterCommand";
import { runTrainStudent, TRAIN_STUDENT_USAGE } from "./trainStudentCommand";
import { runTrainWarmup, TRAIN_WARMUP_USAGE } from "./trainWarmupCommand";
import { runSubcommand } from "./subcommands";

export const TRAIN_USAGE = `${TRAIN_WARMUP_USAGE}

${TRAIN_FILTER_USAGE}

${TRAIN_STUDENT_USAGE}`;

/** `relayllm train warmup|filter|student ...`: the data tools for training a student to call, and the test bed's miniature of it (docs/training.md). */
export function runTrainCommand(argv: string[]): Promise<number> {
    return runSubcommand(argv, { warmup: runTrainWarmup, filter: runTrainFilter, student: runTrainStudent }, TRAIN_USAGE, "train action");
}
