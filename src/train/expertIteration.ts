/**
 * One round of expert iteration, the CPU-sized stand-in for GRPO: sample relay rollouts per training problem,
 * score each problem's group with the difficulty-aware reward, keep the rollouts above their group's mean.
 */
import { gradeExact } from "../eval/grader/exactMatch";
import { solve, type RelayEvent, type Teacher } from "../relay";
import type { LlamaStudent } from "../student";
import { ITEM_KINDS, type ItemKind, type TestbedQuestion } from "../testbed";
import { mapConcurrently } from "../util/mapConcurrently";
import { difficultyReward, type DifficultyCase } from "./difficultyReward";
import { firstSentence, rolloutSegments, type Segment } from "./sftExamples";

/** What one expert-iteration round saw, per item kind of the training problems. */
export interface RoundStats {
    round: number;
    byKind: Record<ItemKind, {
        problems: number;
        /** Share of rollouts with at least one executed call. */
        callRate: number;
        /** Share of rollouts graded correct. */
        accuracy: number;
        meanReward: number;
        /** How many prompt groups fell in each reward case. */
        cases: Record<DifficultyCase, number>;
        /** Rollouts fine-tuned on, and how many of them called. */
        kept: number;
        keptCalling: number;
    }>;
    /** Rollouts left out of training because a command was denied, malformed or produced no teacher text. */
    unclean: number;
    rolloutSeconds: number;
    sftSeconds: number;
}

/** A round's call rate and accuracy per kind in one line: "student-solvable calls 31% acc 100%, …". */
export function roundSummary(byKind: RoundStats["byKind"]): string {
    return ITEM_KINDS.map((kind) => `${kind} calls ${(byKind[kind].callRate * 100).toFixed(0)}% acc ${(byKind[kind].accuracy * 100).toFixed(0)}%`).join(", ");
}

/** One relay rollout of the student on a training problem, graded, with its context when it can be rebuilt. */
export interface Rollout {
    item: TestbedQuestion;
    correct: boolean;
    calls: number[];
    responseLength: number;
    segments?: Segment[];
}

/**
 * `samples` relay rollouts per problem in learned mode against the teacher, each with its own seed. The rollouts
 * run `student.sequences` at a time, so a group is decoded in one batch (load the student with `sequences` set to
 * the group size) and a rollout waiting for the teacher leaves the others decoding. In the items' order.
 */
export async function sampleRollouts(student: LlamaStudent, teacher: Teacher, items: readonly TestbedQuestion[], options: { samples: number; rolloutTokens: number; temperature: number; seed: number }): Promise<Rollout[]> {
    const runs = items.flatMap((item) => Array.from({ length: options.samples }, () => item));
    return mapConcurrently(runs, student.sequences, async (item, ordinal): Promise<Rollout> => {
        const events: RelayEvent[] = [];
        const result = await solve(
            { student, teacher, userPrompt: item.prompt, mode: "learned", maxTokens: options.rolloutTokens, maxCalls: 2, temperature: options.temperature, seed: options.seed + ordinal },
            (event) => void (event.type === "student-text" || event.type === "teacher-text" ? undefined : events.push(event)),
        );
        return {
            item,
            correct: gradeExact(item.answer, result.text).equal,
            calls: result.calls.filter((call) => call.granted > 0).map((call) => call.requested),
            responseLength: result.usage.studentTokens + result.usage.teacherTokens,
            segments: rolloutSegments(result, events),
        };
    });
}

/** Scores the rollouts per prompt group and keeps those above the group's mean reward (best first, distinct texts), with the round's figures. */
export function selectBest(all: readonly Rollout[], keepPerProblem: number, round: number): { kept: Rollout[]; stats: Omit<RoundStats, "rolloutSeconds" | "sftSeconds"> } {
    const scores = difficultyReward(all.map((r) => ({ prompt: r.item.id, correct: r.correct, calls: r.calls, responseLength: r.responseLength })));
    const byId = new Map<string, number[]>();
    all.forEach((rollout, index) => byId.set(rollout.item.id, [...(byId.get(rollout.item.id) ?? []), index]));
    const byKind = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, { problems: 0, callRate: 0, accuracy: 0, meanReward: 0, cases: { "student-solvable": 0, "teacher-dependent": 0, "teacher-fails": 0 }, kept: 0, keptCalling: 0 }])) as RoundStats["byKind"];
    const kept: Rollout[] = [];
    for (const indices of byId.values()) {
        const kind = all[indices[0]!]!.item.kind;
        const cell = byKind[kind];
        cell.problems++;
        cell.cases[scores[indices[0]!]!.case]++;
        for (const index of indices) {
            cell.callRate += all[index]!.calls.length > 0 ? 1 : 0;
            cell.accuracy += all[index]!.correct ? 1 : 0;
            cell.meanReward += scores[index]!.overall;
        }
        // GRPO's positive half: rollouts scored above their group's mean (and above 0), best first.
        const mean = indices.reduce((sum, index) => sum + scores[index]!.overall, 0) / indices.length;
        const winners = indices.filter((index) => all[index]!.segments && scores[index]!.overall > Math.max(mean, 0)).sort((a, b) => scores[b]!.overall - scores[a]!.overall);
        const texts = new Set<string>();
        for (const index of winners) {
            const rollout = all[index]!;
            if (texts.size >= keepPerProblem) break;
            const text = JSON.stringify(firstSentence(rollout.segments!));
            if (texts.has(text)) continue;
            texts.add(text);
            kept.push(rollout);
            cell.kept++;
            cell.keptCalling += rollout.calls.length > 0 ? 1 : 0;
        }
    }
    const rolloutsPerKind = (kind: ItemKind) => all.filter((r) => r.item.kind === kind).length || 1;
    for (const kind of ITEM_KINDS) {
        const cell = byKind[kind];
        const n = rolloutsPerKind(kind);
        cell.callRate /= n;
        cell.accuracy /= n;
        cell.meanReward /= n;
    }
    return { kept, stats: { round, byKind, unclean: all.filter((r) => !r.segments).length } };
}
