import type { Llama, LlamaModel } from "node-llama-cpp";
import { gradeExact } from "../eval/grader/exactMatch";
import { importNodeLlamaCpp } from "../student/model/nodeLlamaCpp";
import { GAP_SOURCES, ITEM_KINDS, type GapSource, type ItemKind } from "./factWorld";
import type { TestbedQuestion } from "./testbedDataset";

/** Greedy exact-match accuracy of one model, per item kind. */
export type KindAccuracy = Record<ItemKind, { correct: number; total: number; accuracy: number }>;

/** Greedy exact-match accuracy of one model on the teacher-dependent items, per source of difficulty. */
export type GapAccuracy = Record<GapSource, { correct: number; total: number; accuracy: number }>;

/** The sanity figures of a test bed: both models answering every item greedily through node-llama-cpp. */
export interface SanityFigures {
    teacher: KindAccuracy;
    student: KindAccuracy;
    gaps: { teacher: GapAccuracy; student: GapAccuracy };
    /** A guesser's expected accuracy on facts it never saw: 1 / (values per attribute). */
    chance: number;
}

/** Loads node-llama-cpp on the CPU, quietly. */
export async function cpuLlama(): Promise<Llama> {
    const nlc = await importNodeLlamaCpp();
    return nlc.getLlama({ gpu: false, build: "never", logLevel: nlc.LlamaLogLevel.error, progressLogs: false });
}

/** Greedy continuations of each prompt (`maxTokens` tokens), tokenized as the student tokenizes a plain prompt. */
export async function greedyAnswers(model: LlamaModel, prompts: readonly string[], maxTokens: number, threads: number): Promise<string[]> {
    const context = await model.createContext({ contextSize: 256, threads, sequences: 1 });
    try {
        const sequence = context.getSequence();
        const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
        const answers: string[] = [];
        for (const prompt of prompts) {
            await sequence.clearHistory();
            const tokens = model.tokenize(prompt, false);
            const out = [];
            for await (const token of sequence.evaluate(bos == null ? tokens : [bos, ...tokens], { temperature: 0 })) {
                out.push(token);
                if (out.length >= maxTokens) break;
            }
            answers.push(model.detokenize(out, false, tokens));
        }
        return answers;
    } finally {
        await context.dispose();
    }
}

/** Exact-match accuracy of greedy answers, per kind. */
export function accuracyByKind(items: readonly Pick<TestbedQuestion, "kind" | "answer">[], answers: readonly string[]): KindAccuracy {
    const figures = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, { correct: 0, total: 0, accuracy: 0 }])) as KindAccuracy;
    items.forEach((item, index) => {
        const cell = figures[item.kind];
        cell.total++;
        if (gradeExact(item.answer, answers[index] ?? "").equal) cell.correct++;
    });
    for (const cell of Object.values(figures)) cell.accuracy = cell.total === 0 ? 0 : cell.correct / cell.total;
    return figures;
}

/** Exact-match accuracy of greedy answers on the teacher-dependent items, per gap. */
export function accuracyByGap(items: readonly Pick<TestbedQuestion, "gap" | "answer">[], answers: readonly string[]): GapAccuracy {
    const figures = Object.fromEntries(GAP_SOURCES.map((gap) => [gap, { correct: 0, total: 0, accuracy: 0 }])) as GapAccuracy;
    items.forEach((item, index) => {
        if (item.gap === null) return;
        const cell = figures[item.gap];
        cell.total++;
        if (gradeExact(item.answer, answers[index] ?? "").equal) cell.correct++;
    });
    for (const cell of Object.values(figures)) cell.accuracy = cell.total === 0 ? 0 : cell.correct / cell.total;
    return figures;
}

/** Answers every item with one GGUF model, greedily, and scores it per kind and per gap. */
export async function measureModel(llama: Llama, modelPath: string, items: readonly Pick<TestbedQuestion, "kind" | "gap" | "prompt" | "answer">[], threads: number): Promise<{ byKind: KindAccuracy; byGap: GapAccuracy }> {
    const model = await llama.loadModel({ modelPath });
    try {
        const answers = await greedyAnswers(model, items.map((item) => item.prompt), 6, threads);
        return { byKind: accuracyByKind(items, answers), byGap: accuracyByGap(items, answers) };
    } finally {
        await model.dispose();
    }
}
