/**
 * The difficulty-aware reward of RelayLLM's GRPO stage (docs/reward.md), decided per prompt group. Pure: no
 * model, no vscode; training/relaytrain/reward.py is its Python twin, and both pass test/fixtures/reward.
 */

/** Each command's token count is capped at this before it enters the call ratio (the reference's 4096). */
export const CALL_TOKEN_CAP = 4096;

/** One sampled response of a prompt, as the reward sees it. */
export interface RewardRollout {
    /** The prompt's key: rollouts with the same key form one group. */
    prompt: string;
    /** The final answer was graded correct. */
    correct: boolean;
    /** The N of every `<call>N</call>` the rollout executed (empty: it never called). */
    calls: readonly number[];
    /** Tokens in the whole response (teacher text included), the call ratio's denominator. */
    responseLength: number;
}

/** Which of the paper's three situations a prompt group is in. */
export type DifficultyCase =
    /** Some rollout is correct without a call. */
    | "student-solvable"
    /** Only rollouts that called are correct. */
    | "teacher-dependent"
    /** No rollout is correct. */
    | "teacher-fails";

/** The reward of one rollout. */
export interface RewardScore {
    /** The scalar GRPO maximizes. */
    overall: number;
    /** The case of the rollout's prompt group. */
    case: DifficultyCase;
    /** min(Σ min(N, cap) / responseLength, 1); 1 for a call in an empty response, 0 without a call. */
    callRatio: number;
}

/** min(Σ min(N, cap) / responseLength, 1); an empty response that called counts as all teacher. */
export function callRatio(rollout: Pick<RewardRollout, "calls" | "responseLength">, cap = CALL_TOKEN_CAP): number {
    if (rollout.calls.length === 0) return 0;
    const tokens = rollout.calls.reduce((sum, n) => sum + Math.min(Math.max(n, 0), cap), 0);
    if (rollout.responseLength <= 0) return 1;
    return Math.min(tokens / rollout.responseLength, 1);
}

/** The case of one prompt's group of rollouts. */
export function difficultyCase(group: readonly Pick<RewardRollout, "correct" | "calls">[]): DifficultyCase {
    if (group.some((r) => r.correct && r.calls.length === 0)) return "student-solvable";
    if (group.some((r) => r.correct)) return "teacher-dependent";
    return "teacher-fails";
}

function scoreIn(kind: DifficultyCase, rollout: RewardRollout, ratio: number): number {
    const called = rollout.calls.length > 0;
    switch (kind) {
        case "student-solvable":
            if (!rollout.correct) return 0;
            return called ? 1 - ratio : 1.5;
        case "teacher-dependent":
            if (rollout.correct) return 1 - ratio;
            return called ? 0 : -1;
        case "teacher-fails":
            return called ? ratio : 0;
    }
}

/**
 * Scores a reward batch, in order. Rollouts are grouped by `prompt` and each group's case is decided from its
 * own rollouts only (the reference decides it over the whole batch; docs/reward.md).
 */
export function difficultyReward(rollouts: readonly RewardRollout[], cap = CALL_TOKEN_CAP): RewardScore[] {
    const groups = new Map<string, RewardRollout[]>();
    for (const rollout of rollouts) {
        const group = groups.get(rollout.prompt) ?? [];
        group.push(rollout);
        groups.set(rollout.prompt, group);
    }
    const cases = new Map([...groups].map(([prompt, group]) => [prompt, difficultyCase(group)]));
    return rollouts.map((rollout) => {
        const kind = cases.get(rollout.prompt)!;
        const ratio = callRatio(rollout, cap);
        return { overall: scoreIn(kind, rollout, ratio), case: kind, callRatio: ratio };
    });
}
