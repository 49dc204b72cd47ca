import { join, resolve } from "node:path";
import { writeFileSync, mkdirSync } from "node:fs";
import { easyR1Rows, FILTER_DEFAULTS, PAPER_BAND, REFERENCE_BAND, runTeacherFilter, type PassRateBand } from "../train";
import { connectTeacher } from "./modelSetup";
import { decimalFlag, integerFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";
import { graderFlag, readItems } from "./trainWarmupCommand";

export const TRAIN_FILTER_USAGE = `usage: relayllm train filter DATA --out DIR [--teacher-url URL] [--teacher-model NAME] [--teacher-api completions|chat]
       [--teacher-timeout SECONDS] [--limit N] [--samples N] [--band paper|reference|MIN-MAX] [--temperature T]
       [--top-p P] [--max-tokens N] [--seed N] [--grader math|exact] [--prompt-suffix TEXT]
Samples the teacher --samples times per problem of DATA, grades each answer, appends one record per problem to
DIR/teacher-samples.jsonl (a rerun reuses them) and writes the problems whose pass rate is in the band to
DIR/filtered.jsonl in EasyR1's format {problem, answer, success_rate}. --band paper: >= 50 % (the default);
reference: > 0 (the reference code); MIN-MAX: an inclusive range. Defaults: --samples ${FILTER_DEFAULTS.samples}, --temperature ${FILTER_DEFAULTS.temperature},
--top-p ${FILTER_DEFAULTS.topP}, --max-tokens ${FILTER_DEFAULTS.maxTokens}, --seed ${FILTER_DEFAULTS.seed}, --grader math, --prompt-suffix: the reference's boxed-answer
instruction; --teacher-url defaults to RELAYLLM_TEACHER_URL. See docs/training.md.`;

/** `--band`: a named band or an inclusive `MIN-MAX` of rates in [0, 1]. */
export function bandFlag(raw: string | undefined): PassRateBand {
    if (raw === undefined || raw === "paper") return PAPER_BAND;
    if (raw === "reference") return REFERENCE_BAND;
    const match = /^(\d*\.?\d+)-(\d*\.?\d+)$/.exec(raw);
    const [min, max] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
    if (!(min >= 0 && max <= 1 && min <= max)) throw new UsageError(`--band must be paper, reference or MIN-MAX with 0 <= MIN <= MAX <= 1, got "${raw}"`);
    return { min, max, above: false };
}

/** `relayllm train filter ...`. */
export async function runTrainFilter(argv: string[]): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
        out: { type: "string" }, "teacher-url": { type: "string" }, "teacher-model": { type: "string" }, "teacher-api": { type: "string" },
        "teacher-timeout": { type: "string" }, limit: { type: "string" }, samples: { type: "string" }, band: { type: "string" },
        temperature: { type: "string" }, "top-p": { type: "string" }, "max-tokens": { type: "string" }, seed: { type: "string" },
        grader: { type: "string" }, "prompt-suffix": { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError("train filter takes one data set (a name or a JSONL path)");
    if (!values.out) throw new UsageError("missing --out DIR");
    const band = bandFlag(values.band);
    const teacherApi = values["teacher-api"] ?? "completions";
    if (teacherApi !== "completions" && teacherApi !== "chat") throw new UsageError(`--teacher-api must be completions or chat, got "${teacherApi}"`);
    const teacherUrl = values["teacher-url"] ?? process.env.RELAYLLM_TEACHER_URL;
    if (!teacherUrl) throw new UsageError("missing --teacher-url");
    const items = readItems(positionals[0], integerFlag("--limit", values.limit, 1));
    const teacher = await connectTeacher({
        teacherUrl,
        teacherModel: values["teacher-model"] ?? process.env.RELAYLLM_TEACHER_MODEL ?? "default",
        teacherApi,
        teacherTimeoutSeconds: decimalFlag("--teacher-timeout", values["teacher-timeout"], 0.001, 3600),
    });
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    const records = await runTeacherFilter({
        teacher: teacher!,
        items,
        samples: integerFlag("--samples", values.samples, 1) ?? FILTER_DEFAULTS.samples,
        temperature: decimalFlag("--temperature", values.temperature, 0) ?? FILTER_DEFAULTS.temperature,
        topP: decimalFlag("--top-p", values["top-p"], 0, 1) ?? FILTER_DEFAULTS.topP,
        maxTokens: integerFlag("--max-tokens", values["max-tokens"], 1) ?? FILTER_DEFAULTS.maxTokens,
        seed: integerFlag("--seed", values.seed, 0) ?? FILTER_DEFAULTS.seed,
        resultsPath: join(out, "teacher-samples.jsonl"),
        grader: graderFlag(values.grader),
        promptSuffix: values["prompt-suffix"],
        onProblem: (done, total) => process.stderr.write(`\rteacher pass ${done}/${total}`),
    });
    process.stderr.write("\n");
    const rows = easyR1Rows(records, band);
    const filtered = join(out, "filtered.jsonl");
    writeFileSync(filtered, rows.map((row) => JSON.stringify(row) + "\n").join(""));
    await writeStdout(`${rows.length}/${records.length} problems kept (pass rate ${band.above ? ">" : ">="} ${band.min}${band.max < 1 ? ` and <= ${band.max}` : ""})\n${filtered}\n`);
    return 0;
}
