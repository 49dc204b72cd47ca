import { roundSummary } from "../train/expertIteration";
import { STUDENT_TRAINING_DEFAULTS, trainStudent } from "../train/studentTraining";
import { integerFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

const D = STUDENT_TRAINING_DEFAULTS;

export const TRAIN_STUDENT_USAGE = `usage: relayllm train student --testbed MANIFEST [--rounds N] [--samples K] [--held-out N] [--seed N] [--threads N]
       [--teacher-url URL] [--llama-server PATH]
The paper in miniature, on a test bed (relayllm testbed build): warms up its student on its own sampled answers
with random <call>n</call> inserted, then runs N rounds of expert iteration (rejection sampling, where the paper
runs GRPO): K relay rollouts per training problem against the test bed's teacher (llama-server started on
loopback unless --teacher-url serves it), scored with the difficulty-aware reward (docs/reward.md), fine-tuned
on the best (teacher tokens masked). Only training characters are used: --held-out characters of each kind are
kept for the bench (heldout.jsonl). Writes trained-student.gguf (metadata relayllm.trained = true) into
$RELAYLLM_CACHE_DIR or ~/.cache/relayllm/trained-student-<hash> (cached by a hash of its inputs) and sets
trainedStudent in MANIFEST. Defaults: --rounds ${D.rounds}, --samples ${D.samples}, --held-out ${D.heldOutPerKind}, --seed ${D.seed}, --threads ${D.threads}.`;

/** `relayllm train student ...`. */
export async function runTrainStudent(argv: string[]): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
        testbed: { type: "string" }, rounds: { type: "string" }, samples: { type: "string" }, "held-out": { type: "string" }, seed: { type: "string" },
        threads: { type: "string" }, "teacher-url": { type: "string" }, "llama-server": { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (train student takes only flags)`);
    if (!values.testbed) throw new UsageError("missing --testbed MANIFEST (the manifest.json that relayllm testbed build prints)");
    const trained = await trainStudent({
        manifestPath: values.testbed,
        rounds: integerFlag("--rounds", values.rounds, 0),
        samples: integerFlag("--samples", values.samples, 1),
        heldOutPerKind: integerFlag("--held-out", values["held-out"], 1),
        seed: integerFlag("--seed", values.seed, 0),
        threads: integerFlag("--threads", values.threads, 1),
        teacherUrl: values["teacher-url"],
        llamaServer: values["llama-server"],
        log: (line) => process.stderr.write(line + "\n"),
    });
    const { record } = trained;
    const lines = [
        `trained student ${record.hash} (${record.trainItems} training items, ${record.heldOutItems} held out; ${trained.cached ? "cached" : `trained in ${record.seconds} s`})`,
        `model    ${trained.model}`,
        `held out ${trained.heldOutDataset}`,
        ...record.rounds.map((round) => `round ${round.round}: ${roundSummary(round.byKind)}`),
    ];
    await writeStdout(lines.join("\n") + "\n");
    return 0;
}
