import { createHash } from "node:crypto";
import type { BenchItem } from "../eval/bench";
import { benchPrompt } from "../eval/bench/benchPrompt";
import { grade } from "../eval/grader";
import { gradeExact, type GraderName } from "../eval/grader/exactMatch";
import type { Teacher } from "../relay";
import { userAssistantText } from "../student/decoding/promptTemplate";
import { appendJsonLine, openJsonLinesStore } from "../util/jsonLines";

/** Which pass rates a problem may have to be kept (a closed range unless `above` excludes `min`). */
export interface PassRateBand {
    min: number;
    max: number;
    /** True: the rate must be strictly above `min` (the reference's `> 0`). */
    above: boolean;
}

/** The paper's band: the teacher solves at least half of the samples. */
export const PAPER_BAND: PassRateBand = { min: 0.5, max: 1, above: false };
/** The reference code's band: the teacher solves at least one sample. */
export const REFERENCE_BAND: PassRateBand = { min: 0, max: 1, above: true };

/** True when `rate` lies in `band`. */
export function inBand(rate: number, band: PassRateBand): boolean {
    return (band.above ? rate > band.min : rate >= band.min) && rate <= band.max;
}

/** Options of {@link runTeacherFilter}; defaults in {@link FILTER_DEFAULTS}. */
export interface TeacherFilterOptions {
    teacher: Teacher;
    items: readonly BenchItem[];
    /** Answers the teacher samples per problem. */
    samples: number;
    temperature: number;
    topP: number;
    /** Most teacher tokens per answer. */
    maxTokens: number;
    /** Sample s of problem i is sent with seed + s (servers that honour seeds repeat a run). */
    seed: number;
    /** The append-only per-problem results file; a problem already in it with the same config is not asked again. */
    resultsPath: string;
    /** Appended to each problem; default the reference's boxed-answer instruction. */
    promptSuffix?: string;
    /** `math` (the math grader, default) or `exact` (first word, for the test bed). */
    grader?: GraderName;
    /**
     * Send a raw-completions teacher the problem itself, not the reference's `User: …\nAssistant:` fallback: the
     * test bed's teacher continues a story, as it does in a relay call.
     */
    plainPrompt?: boolean;
    /** Called after each problem, `reused` when it came from the results file. */
    onProblem?: (done: number, total: number, reused: boolean) => void;
}

/** The reference's sampling: 16 answers at T 0.7, top-p 0.95. */
export const FILTER_DEFAULTS = { samples: 16, temperature: 0.7, topP: 0.95, maxTokens: 1024, seed: 0 };

/** One problem's teacher pass, as stored in the results file. */
export interface FilterRecord {
    id: string;
    problem: string;
    answer: string;
    /** Which teacher and sampling settings produced it (a change re-asks the teacher). */
    config: string;
    samples: number;
    correct: number;
    success_rate: number;
    /** The answer the grader extracted from each sample, for inspection. */
    answers: string[];
}

function recordProblem(value: unknown): string | undefined {
    const r = value as Partial<FilterRecord>;
    if (typeof value !== "object" || value === null) return "expected a filter record object";
    if (typeof r.id !== "string" || typeof r.problem !== "string" || typeof r.answer !== "string" || typeof r.config !== "string") return "a filter record needs string id, problem, answer and config";
    if (!Number.isInteger(r.samples) || !Number.isInteger(r.correct) || typeof r.success_rate !== "number") return "a filter record needs integer samples and correct and a numeric success_rate";
    if (!Array.isArray(r.answers) || !r.answers.every((a) => typeof a === "string")) return "a filter record needs a string array answers";
    return undefined;
}

function configOf(options: TeacherFilterOptions, item: BenchItem): string {
    const settings = [options.teacher.name, options.samples, options.temperature, options.topP, options.maxTokens, options.seed, options.promptSuffix ?? null, options.grader ?? "math", item.problem, item.answer, ...(options.plainPrompt ? ["plain"] : [])];
    return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
}

/**
 * Samples the teacher on every problem, grades each answer, and appends one record per problem to the
 * results file as it finishes (resumable: stored problems with the same settings are reused). Returns the
 * records of all `items`, in order.
 */
export async function runTeacherFilter(options: TeacherFilterOptions): Promise<FilterRecord[]> {
    const stored = new Map<string, FilterRecord>();
    for (const record of openJsonLinesStore<FilterRecord>(options.resultsPath, { check: recordProblem }).values) stored.set(`${record.id}\n${record.config}`, record);
    const records: FilterRecord[] = [];
    for (const [index, item] of options.items.entries()) {
        const config = configOf(options, item);
        const reused = stored.get(`${item.id}\n${config}`);
        if (reused) {
            records.push(reused);
            options.onProblem?.(index + 1, options.items.length, true);
            continue;
        }
        const prompt = benchPrompt(item.problem, options.promptSuffix);
        const messages = [{ role: "user" as const, content: prompt }];
        let correct = 0;
        const answers: string[] = [];
        for (let s = 0; s < options.samples; s++) {
            // Raw-completion teachers get the reference's template-free fallback; chat teachers apply their own.
            const result = await options.teacher.continue({
                messages,
                templatedPrompt: options.plainPrompt ? prompt : userAssistantText(messages),
                partial: "",
                maxTokens: options.maxTokens,
                temperature: options.temperature,
                sampling: { topP: options.topP },
                seed: options.seed + s,
            });
            const verdict = options.grader === "exact" ? gradeExact(item.answer, result.text) : await grade(item.answer, result.text);
            answers.push(verdict.pred.extracted);
            if (verdict.equal) correct++;
        }
        const record: FilterRecord = { id: item.id, problem: item.problem, answer: item.answer, config, samples: options.samples, correct, success_rate: correct / options.samples, answers };
        appendJsonLine(options.resultsPath, record);
        records.push(record);
        options.onProblem?.(index + 1, options.items.length, false);
    }
    return records;
}

/** EasyR1's data format for the RL stage: `{problem, answer, success_rate}` of the problems in the band. */
export function easyR1Rows(records: readonly FilterRecord[], band: PassRateBand): { problem: string; answer: string; success_rate: number }[] {
    return records.filter((r) => inBand(r.success_rate, band)).map((r) => ({ problem: r.problem, answer: r.answer, success_rate: r.success_rate }));
}
