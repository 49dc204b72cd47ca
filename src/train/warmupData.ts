import type { BenchItem } from "../eval/bench";
import { benchPrompt } from "../eval/bench/benchPrompt";
import { grade } from "../eval/grader";
import { gradeExact, type GraderName } from "../eval/grader/exactMatch";
import { RELAY_DEFAULTS, seededUniform } from "../relay";
import type { LlamaStudent } from "../student";
import { tokenizeContinuation } from "../student/decoding/continuationTokenizer";
import { mapConcurrently } from "../util/mapConcurrently";
import { insertCalls, tokenBoundaries, type InsertedCall, type IntDistribution } from "./insertCalls";

/** Options of {@link sampleWarmup}; defaults in {@link WARMUP_DEFAULTS}. */
export interface WarmupOptions {
    /** The vanilla student, in this process (its tokenizer gives the boundaries); `sequences` answers are sampled at once. */
    student: LlamaStudent;
    items: readonly BenchItem[];
    /** Answers sampled per problem. */
    samples: number;
    /** Most tokens per answer. */
    maxTokens: number;
    /** Student sampling temperature. */
    temperature: number;
    /** Seeds the sampling (seed + record number) and the insertion (one generator per record). */
    seed: number;
    /** Commands per answer. */
    commands: IntDistribution;
    /** The n of each command. */
    callTokens: IntDistribution;
    /** `all` answers, or only those the grader finds `correct`. */
    keep: "all" | "correct";
    /** `math` (default) or `exact` (first word, the test bed): grades `correct`. */
    grader?: GraderName;
    /** Appended to each problem (the reference's boxed-answer instruction by default). */
    promptSuffix?: string;
    /**
     * Where commands may go: any token boundary (`token`, the reference's; default), or only a token boundary
     * where a word starts (`word`: before whitespace), for tokenizers whose tokens are pieces of words.
     */
    boundaries?: "token" | "word";
    /** Called after each sampled answer. */
    onSample?: (done: number, total: number) => void;
}

/** Defaults of `relayllm train warmup`, in one place. */
export const WARMUP_DEFAULTS = {
    samples: 1,
    maxTokens: 256,
    temperature: RELAY_DEFAULTS.temperature,
    seed: 0,
    /** The reference draws 0–3 commands per answer. */
    commands: { kind: "uniform", min: 0, max: 3 } as IntDistribution,
    /** Tens of tokens: what the paper's trained students ask for. */
    callTokens: { kind: "uniform", min: 10, max: 100 } as IntDistribution,
    keep: "all" as const,
};

/** One warm-up example. */
export interface WarmupRecord {
    id: string;
    /** Which sample of the problem (0-based). */
    sample: number;
    /** The user message. */
    prompt: string;
    /** The conversation after the student's chat template, as it saw it. */
    templatedPrompt: string;
    /** The sampled answer with the commands inserted. */
    answer: string;
    /** The sampled answer as the student wrote it. */
    sampled: string;
    calls: InsertedCall[];
    /** The sampled answer graded against the problem's answer. */
    correct: boolean;
}

/**
 * Samples answers from the vanilla student and inserts `<call>n</call>` commands at random token boundaries
 * of each (docs/training.md). Deterministic for a seed on one machine (llama.cpp sampling is seeded). Answers
 * are sampled `student.sequences` at a time, decoded in one batch; records come in the items' order.
 */
export async function* sampleWarmup(options: WarmupOptions): AsyncGenerator<WarmupRecord> {
    const model = options.student.model;
    const runs = options.items.flatMap((item) => Array.from({ length: options.samples }, (_, sample) => ({ item, sample, prompt: benchPrompt(item.problem, options.promptSuffix) })));
    const window = options.student.sequences;
    for (let start = 0; start < runs.length; start += window) {
        const sampledRuns = await mapConcurrently(runs.slice(start, start + window), window, async (run, offset) => {
            const session = await options.student.startSession({ messages: [{ role: "user", content: run.prompt }], temperature: options.temperature, seed: options.seed + start + offset });
            try {
                return { sampled: (await session.generate({ maxTokens: options.maxTokens })).text, templatedPrompt: session.templatedPrompt };
            } finally {
                await session.dispose();
            }
        });
        for (const [offset, { sampled, templatedPrompt }] of sampledRuns.entries()) {
            const ordinal = start + offset;
            const { item, sample, prompt } = runs[ordinal]!;
            options.onSample?.(ordinal + 1, runs.length);
            const correct = options.grader === "exact" ? gradeExact(item.answer, sampled).equal : (await grade(item.answer, sampled)).equal;
            if (options.keep === "correct" && !correct) continue;
            // The answer's tokens as they continue the prompt (a leading space belongs to the first token, as the
            // student wrote it), decoded after the prompt: a plain decode drops that space and finds no boundary.
            const context = model.tokenize(templatedPrompt, false);
            const tokens = tokenizeContinuation(model, sampled, context);
            const all = tokenBoundaries(sampled, tokens.length, (k) => model.detokenize(tokens.slice(0, k), false, context));
            const boundaries = options.boundaries === "word" ? all.filter((at) => /\s/.test(sampled.charAt(at))) : all;
            // One generator per record: a record's commands do not depend on the records before it.
            const random = seededUniform((Math.imul(options.seed + 1, 0x9e3779b1) ^ ordinal) >>> 0);
            const { text, calls } = insertCalls(sampled, boundaries, { commands: options.commands, callTokens: options.callTokens, random });
            yield { id: item.id, sample, prompt, templatedPrompt, answer: text, sampled, calls, correct };
        }
    }
}
