/**
 * The GRPO stage of `relayllm train student` (docs/training.md): the teacher pass-rate filter on the training
 * items, then one `relaygrpo` job (training/relaygrpo: relay rollouts from the current weights, the
 * difficulty-aware reward, GRPO updates) run by the Python trainer against the teacher's server.
 */
import { inBand, PAPER_BAND, REFERENCE_BAND, runTeacherFilter, type FilterRecord, type PassRateBand } from "./teacherFilter";
import type { Teacher } from "../relay";
import type { TestbedQuestion } from "../testbed";

/** Which training items the teacher filter keeps: the paper's ≥ 50 %, the reference code's > 0, or all. */
export const FILTER_BANDS = ["paper", "reference", "none"] as const;
export type FilterBand = (typeof FILTER_BANDS)[number];

/** Where the reference is odd, the two choices (docs/training.md measures both). */
export const ROLLBACKS = ["none", "turn"] as const;
export type Rollback = (typeof ROLLBACKS)[number];

export const REWARD_KINDS = ["difficulty", "simple"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface GrpoOptions {
    /** GRPO steps; each samples `groupSize` rollouts of `promptsPerStep` training items. */
    steps: number;
    promptsPerStep: number;
    /** The G of GRPO (the reference's rollout.n = 8). */
    groupSize: number;
    /** Updates per step, on shuffled slices of its rollouts (the reference: 4 of 32 per rollout batch of 128). */
    miniBatches: number;
    lr: number;
    klCoef: number;
    /** Teacher tokens trained on (the reference) or masked. */
    teacherInLoss: boolean;
    /** "turn": the reference's rollback of the whole student turn after a call; "none": kept, as at inference. */
    rollback: Rollback;
    filter: FilterBand;
    /** Teacher samples per training item for the filter (the reference's 16). */
    filterSamples: number;
    reward: RewardKind;
    /** The paper's ablations: false drops the independence incentive (1.5 → 1.0) or the exploration reward. */
    independence: boolean;
    exploration: boolean;
    /**
     * False: the paper's "GRPO without calls" baseline — no warm-up, one student turn (a command is only text),
     * the reward is the answer's accuracy.
     */
    calls: boolean;
}

export const GRPO_DEFAULTS: GrpoOptions = {
    steps: 60, promptsPerStep: 8, groupSize: 8, miniBatches: 2, lr: 5e-4, klCoef: 0.01, teacherInLoss: false, rollback: "none",
    filter: "paper", filterSamples: 16, reward: "difficulty", independence: true, exploration: true, calls: true,
};

const BANDS: Record<Exclude<FilterBand, "none">, PassRateBand> = { paper: PAPER_BAND, reference: REFERENCE_BAND };

/** What the filter did, for the record and the tables. */
export interface FilterSummary {
    band: FilterBand;
    samples: number;
    items: number;
    kept: number;
    /** Items removed per item kind. */
    removedByKind: Record<string, number>;
}

/** The teacher's pass rate on each training item (the reference's sampling: T 0.7, top-p 0.95), and the items the band keeps. */
export async function filterTrainingItems(teacher: Teacher, items: readonly TestbedQuestion[], options: { band: FilterBand; samples: number; maxTokens: number; seed: number; resultsPath: string }): Promise<{ kept: TestbedQuestion[]; summary: FilterSummary; records: FilterRecord[] }> {
    const records = await runTeacherFilter({
        teacher, items: items.map((item) => ({ id: item.id, problem: item.prompt, answer: item.answer })), samples: options.samples,
        temperature: 0.7, topP: 0.95, maxTokens: options.maxTokens, seed: options.seed, resultsPath: options.resultsPath, promptSuffix: "", grader: "exact", plainPrompt: true,
    });
    const kept = items.filter((_, index) => options.band === "none" || inBand(records[index]!.success_rate, BANDS[options.band]));
    const removedByKind: Record<string, number> = {};
    for (const item of items) if (!kept.includes(item)) removedByKind[item.kind] = (removedByKind[item.kind] ?? 0) + 1;
    return { kept, records, summary: { band: options.band, samples: options.samples, items: items.length, kept: kept.length, removedByKind } };
}

/** The relaygrpo job (training/relaygrpo/toy_trainer.py documents the format). */
export function grpoJob(files: { base: string; reference: string; tokenizer: string; out: string; metrics: string }, teacherURL: string, items: readonly { item: TestbedQuestion; promptIds: number[] }[], o: GrpoOptions, run: { seed: number; threads: number; rolloutTokens: number }) {
    return {
        ...files, seed: run.seed, threads: run.threads,
        teacher: { url: teacherURL, model: "teacher", temperature: 1.0, topP: 1.0, topK: -1, minP: 0.0 },
        // The reference's 8192-token limit note would be hit by nearly every 32-token toy rollout and then trained on: off.
        rollout: { maxTurns: o.calls ? 3 : 1, turnMaxTokens: run.rolloutTokens, globalMaxTokens: run.rolloutTokens, rollback: o.rollback, teacherInLoss: o.teacherInLoss, limitNote: false },
        grpo: { steps: o.steps, promptsPerStep: o.promptsPerStep, groupSize: o.groupSize, miniBatches: o.miniBatches, lr: o.lr, klCoef: o.klCoef, temperature: 1.0 },
        // Without calls the simple reward is the accuracy (no call, no ratio).
        reward: o.calls ? { kind: o.reward, independence: o.independence, exploration: o.exploration } : { kind: "simple", independence: true, exploration: true },
        items: items.map(({ item, promptIds }) => ({ id: item.id, kind: item.kind, promptIds, answer: item.answer })),
        metadata: { "relayllm.trained": o.calls },
    };
}

/** One step's figures per item kind, as toy_trainer.py records them. */
interface StepRecord {
    step: number;
    byKind: Record<string, { rollouts: number; called: number; correct: number; reward: number }>;
    teacherTokens: number;
    responseTokens: number;
    kl: number;
}

/** The filter's line and the call and accuracy rates per kind over the first and the last tenth of the steps. */
export function grpoSummary(grpo: { filter: FilterSummary; metrics: unknown }): string[] {
    const f = grpo.filter;
    const steps = ((grpo.metrics as { steps?: StepRecord[] }).steps ?? []);
    const span = Math.max(1, Math.round(steps.length / 10));
    const rates = (slice: StepRecord[]) => {
        const kinds = [...new Set(slice.flatMap((s) => Object.keys(s.byKind)))].sort();
        return kinds.map((kind) => {
            const cells = slice.map((s) => s.byKind[kind]).filter((c) => c !== undefined);
            const n = cells.reduce((sum, c) => sum + c.rollouts, 0) || 1;
            const called = cells.reduce((sum, c) => sum + c.called, 0) / n;
            const correct = cells.reduce((sum, c) => sum + c.correct, 0) / n;
            return `${kind} calls ${(called * 100).toFixed(0)}% acc ${(correct * 100).toFixed(0)}%`;
        }).join(", ");
    };
    return [
        `filter ${f.band}: kept ${f.kept} of ${f.items} training items`,
        ...(steps.length ? [`grpo first ${span} steps: ${rates(steps.slice(0, span))}`, `grpo last ${span} steps: ${rates(steps.slice(-span))}`] : []),
    ];
}
