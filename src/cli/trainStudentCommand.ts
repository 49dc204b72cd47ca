import { terminalSafe } from "../format/terminalText";
import { roundSummary } from "../train/expertIteration";
import { FILTER_BANDS, GRPO_DEFAULTS, grpoSummary, REWARD_KINDS, ROLLBACKS, type GrpoOptions } from "../train/grpoJob";
import { STUDENT_TRAINING_DEFAULTS, trainStudent, TRAINING_ALGORITHMS } from "../train/studentTraining";
import { choiceFlag, integerFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

const D = STUDENT_TRAINING_DEFAULTS;

export const TRAIN_STUDENT_USAGE = `usage: relayllm train student --testbed MANIFEST [--algorithm grpo|expert-iteration] [--steps N] [--lr X]
       [--filter paper|reference|none] [--reward difficulty|simple] [--ablate independence|exploration]
       [--rollback none|turn] [--teacher-in-loss] [--rounds N] [--samples K] [--seed N] [--threads N]
       [--teacher-url URL] [--llama-server PATH]
The paper in miniature, on a test bed (relayllm testbed build): warms up its student on its own sampled answers
with random <call>n</call> inserted, then the RL stage against the test bed's teacher (llama-server started on
loopback unless --teacher-url serves it):
- grpo (default): the teacher's pass rate on each training item (16 samples) filters them (--filter: the paper's
  >= 50 %, the reference code's > 0, or none), then GRPO (docs/training.md): per step 8 prompts x 8 relay rollouts
  sampled from the current weights at temperature 1, the difficulty-aware reward (docs/reward.md; --reward simple,
  --ablate drops the independence incentive or the exploration reward), group-normalized advantages, the clipped
  surrogate with 0.01 low_var_kl to the warmed-up student. --rollback turn and --teacher-in-loss are the reference's
  choices (default: commands kept and learned, teacher tokens masked, as the inference engine's context holds them).
- expert-iteration: N rounds of K relay rollouts per problem, fine-tuned on those above their group's mean.
Only the test bed's training characters are used; its validation and test characters are written out for the bench
(validation.jsonl, heldout.jsonl).
Writes trained-student.gguf (metadata relayllm.trained = true) into $RELAYLLM_CACHE_DIR or
~/.cache/relayllm/trained-student-<hash> (cached by a hash of its inputs) and sets trainedStudent in MANIFEST.
Defaults: --algorithm ${D.algorithm}, --steps ${GRPO_DEFAULTS.steps}, --lr ${GRPO_DEFAULTS.lr}, --filter ${GRPO_DEFAULTS.filter}, --reward ${GRPO_DEFAULTS.reward},
--rounds ${D.rounds}, --samples ${D.samples}, --seed ${D.seed}, --threads ${D.threads}.`;

/** `relayllm train student ...`. */
export async function runTrainStudent(argv: string[]): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
        testbed: { type: "string" }, rounds: { type: "string" }, samples: { type: "string" }, seed: { type: "string" },
        threads: { type: "string" }, "teacher-url": { type: "string" }, "llama-server": { type: "string" },
        algorithm: { type: "string" }, steps: { type: "string" }, lr: { type: "string" }, filter: { type: "string" }, reward: { type: "string" },
        ablate: { type: "string", multiple: true }, rollback: { type: "string" }, "teacher-in-loss": { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (train student takes only flags)`);
    if (!values.testbed) throw new UsageError("missing --testbed MANIFEST (the manifest.json that relayllm testbed build prints)");
    const ablations = (values.ablate ?? []).map((value) => choiceFlag("--ablate", value, ["independence", "exploration"] as const)!);
    const lr = values.lr === undefined ? undefined : Number(values.lr);
    if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) throw new UsageError(`--lr must be a positive number, got "${values.lr}"`);
    const grpo: Partial<GrpoOptions> = Object.fromEntries(Object.entries({
        steps: integerFlag("--steps", values.steps, 1), lr,
        filter: choiceFlag("--filter", values.filter, FILTER_BANDS), reward: choiceFlag("--reward", values.reward, REWARD_KINDS),
        rollback: choiceFlag("--rollback", values.rollback, ROLLBACKS), teacherInLoss: values["teacher-in-loss"] ? true : undefined,
        independence: ablations.includes("independence") ? false : undefined, exploration: ablations.includes("exploration") ? false : undefined,
    }).filter(([, value]) => value !== undefined));
    const trained = await trainStudent({
        manifestPath: values.testbed,
        algorithm: choiceFlag("--algorithm", values.algorithm, TRAINING_ALGORITHMS),
        grpo,
        rounds: integerFlag("--rounds", values.rounds, 0),
        samples: integerFlag("--samples", values.samples, 1),
        seed: integerFlag("--seed", values.seed, 0),
        threads: integerFlag("--threads", values.threads, 1),
        teacherUrl: values["teacher-url"],
        llamaServer: values["llama-server"],
        log: (line) => process.stderr.write(terminalSafe(line) + "\n"),
    });
    const { record } = trained;
    const lines = [
        `trained student ${record.hash} (${record.options.algorithm}; ${record.trainItems} training items, ${record.heldOutItems} held out; ${trained.cached ? "cached" : `trained in ${record.seconds} s`})`,
        `model    ${trained.model}`,
        `held out ${trained.heldOutDataset}`,
        ...record.rounds.map((round) => `round ${round.round}: ${roundSummary(round.byKind)}`),
        ...(record.grpo ? grpoSummary(record.grpo) : []),
    ];
    await writeStdout(lines.join("\n") + "\n");
    return 0;
}
