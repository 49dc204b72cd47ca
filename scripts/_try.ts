import { trainStudent, STUDENT_TRAINING_DEFAULTS } from "../src/train/studentTraining";
import { grpoSummary } from "../src/train/grpoJob";
async function main() {
    const opts = JSON.parse(process.argv[2]!);
    if (opts.warmup) opts.warmup = { ...STUDENT_TRAINING_DEFAULTS.warmup, ...opts.warmup };
    const t = await trainStudent({ manifestPath: process.env.M!, log: (l) => process.stderr.write(l + "\n"), ...opts });
    console.log(t.model);
    if (t.record.grpo) console.log(grpoSummary(t.record.grpo).join("\n"));
}
void main();
