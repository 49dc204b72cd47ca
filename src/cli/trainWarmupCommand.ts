import { resolve } from "node:path";
import { DatasetError, loadDataset, resolveDataset, type BenchItem } from "../eval/bench";
import { GRADER_NAMES, type GraderName } from "../eval/grader/exactMatch";
import { loadLlamaStudent } from "../student";
import { parseIntDistribution, sampleWarmup, WARMUP_DEFAULTS, writeWarmupFiles, type IntDistribution, type WarmupRecord } from "../train";
import { sharedDir } from "./benchCommand";
import { decimalFlag, integerFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

export const TRAIN_WARMUP_USAGE = `usage: relayllm train warmup DATA --out DIR [--student PATH] [--limit N] [--samples N] [--max-tokens N]
       [--temperature T] [--seed N] [--commands DIST] [--call-tokens DIST] [--keep all|correct] [--grader math|exact]
       [--prompt-suffix TEXT] [--threads N] [--no-gpu]
Samples answers from the vanilla student on DATA (a bench data set name or JSONL path), inserts <call>n</call> at
random token boundaries (DIST: N, LO-HI, uniform:LO-HI or choice:A,B,...) and writes DIR/sft-messages.jsonl (TRL
conversational SFT), DIR/sft-prompt-completion.jsonl (TRL prompt-completion), DIR/sft-text.jsonl (plain text) and DIR/records.jsonl. Defaults: --samples ${WARMUP_DEFAULTS.samples},
--max-tokens ${WARMUP_DEFAULTS.maxTokens}, --temperature ${WARMUP_DEFAULTS.temperature}, --seed ${WARMUP_DEFAULTS.seed}, --commands 0-3, --call-tokens 10-100, --keep all,
--threads 1; --student defaults to RELAYLLM_STUDENT. See docs/training.md.`;

function distributionFlag(flag: string, raw: string | undefined, min: number, fallback: IntDistribution): IntDistribution {
    if (raw === undefined) return fallback;
    const parsed = parseIntDistribution(raw, min);
    if (typeof parsed === "string") throw new UsageError(`${flag} ${parsed}`);
    return parsed;
}

/** The problems of a data set; a missing or malformed one is the user's to fix (a usage error). */
export function readItems(nameOrPath: string, limit: number | undefined): BenchItem[] {
    try {
        return loadDataset(resolveDataset(nameOrPath, sharedDir()), limit);
    } catch (error) {
        if (error instanceof DatasetError) throw new UsageError(error.message);
        throw error;
    }
}

/** `--grader`: the math grader (default) or exact match of the first word (the test bed). */
export function graderFlag(raw: string | undefined): GraderName {
    const grader = raw ?? "math";
    if (!(GRADER_NAMES as readonly string[]).includes(grader)) throw new UsageError(`--grader must be ${GRADER_NAMES.join(" or ")}, got "${grader}"`);
    return grader as GraderName;
}

/** `relayllm train warmup ...`. */
export async function runTrainWarmup(argv: string[]): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
        out: { type: "string" }, student: { type: "string" }, limit: { type: "string" }, samples: { type: "string" },
        "max-tokens": { type: "string" }, temperature: { type: "string" }, seed: { type: "string" }, commands: { type: "string" },
        "call-tokens": { type: "string" }, keep: { type: "string" }, threads: { type: "string" }, "no-gpu": { type: "boolean" },
        grader: { type: "string" }, "prompt-suffix": { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError("train warmup takes one data set (a name or a JSONL path)");
    if (!values.out) throw new UsageError("missing --out DIR");
    const student = values.student ?? process.env.RELAYLLM_STUDENT;
    if (!student) throw new UsageError("missing --student (a .gguf path)");
    const keep = values.keep ?? WARMUP_DEFAULTS.keep;
    if (keep !== "all" && keep !== "correct") throw new UsageError(`--keep must be all or correct, got "${keep}"`);
    const items = readItems(positionals[0], integerFlag("--limit", values.limit, 1));
    const options = {
        samples: integerFlag("--samples", values.samples, 1) ?? WARMUP_DEFAULTS.samples,
        maxTokens: integerFlag("--max-tokens", values["max-tokens"], 1) ?? WARMUP_DEFAULTS.maxTokens,
        temperature: decimalFlag("--temperature", values.temperature, 0) ?? WARMUP_DEFAULTS.temperature,
        seed: integerFlag("--seed", values.seed, 0) ?? WARMUP_DEFAULTS.seed,
        commands: distributionFlag("--commands", values.commands, 0, WARMUP_DEFAULTS.commands),
        callTokens: distributionFlag("--call-tokens", values["call-tokens"], 0, WARMUP_DEFAULTS.callTokens),
        keep,
        grader: graderFlag(values.grader),
        promptSuffix: values["prompt-suffix"],
    } as const;
    const llama = await loadLlamaStudent({ model: student, threads: integerFlag("--threads", values.threads, 1) ?? 1, gpu: values["no-gpu"] ? false : "auto" });
    const records: WarmupRecord[] = [];
    try {
        for await (const record of sampleWarmup({ ...options, student: llama, items, onSample: (done, total) => process.stderr.write(`\rsampled ${done}/${total}`) })) records.push(record);
    } finally {
        process.stderr.write("\n");
        await llama.dispose();
    }
    const paths = writeWarmupFiles(resolve(values.out), records);
    const commands = records.reduce((sum, r) => sum + r.calls.length, 0);
    await writeStdout(`${records.length} warm-up examples (${commands} commands, ${records.filter((r) => r.correct).length} graded correct)\n${paths.messages}\n${paths.promptCompletion}\n${paths.text}\n${paths.records}\n`);
    return 0;
}
