import { runTrainFilter, TRAIN_FILTER_USAGE } from "./trainFilterCommand";
import { runTrainStudent, TRAIN_STUDENT_USAGE } from "./trainStudentCommand";
import { runTrainWarmup, TRAIN_WARMUP_USAGE } from "./trainWarmupCommand";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

export const TRAIN_USAGE = `${TRAIN_WARMUP_USAGE}

${TRAIN_FILTER_USAGE}

${TRAIN_STUDENT_USAGE}`;

/** `relayllm train warmup|filter|student ...`: the data tools for training a student to call, and the test bed's miniature of it (docs/training.md). */
export async function runTrainCommand(argv: string[]): Promise<number> {
    const [action, ...rest] = argv;
    switch (action) {
        case "warmup":
            return runTrainWarmup(rest);
        case "filter":
            return runTrainFilter(rest);
        case "student":
            return runTrainStudent(rest);
        case undefined:
        case "help":
        case "--help":
        case "-h":
            await writeStdout(TRAIN_USAGE + "\n");
            return action === undefined ? 2 : 0;
        default:
            throw new UsageError(`unknown train action "${action}" (expected warmup, filter or student)`);
    }
}
