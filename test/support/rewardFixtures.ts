import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DifficultyCase, RewardRollout } from "../../src/train/difficultyReward";
import { projectRoot } from "./paths";

/** One fixture rollout: the reward's input and the score both implementations must give. */
export interface FixtureRollout extends RewardRollout {
    expected: number;
    case: DifficultyCase;
    /** What the reference's batch-level rule gives, where the fixture documents the difference. */
    referenceExpected?: number;
}

/** The shared reward fixtures (test/fixtures/reward/cases.json), also read by training/tests/test_reward.py. */
export interface RewardFixtures {
    callTokenCap: number;
    cases: { name: string; rollouts: FixtureRollout[] }[];
}

export const rewardFixturesPath = join(projectRoot, "test", "fixtures", "reward", "cases.json");

/** Reads the fixtures, failing on a malformed rollout rather than testing nothing. */
export function readRewardFixtures(): RewardFixtures {
    const fixtures = JSON.parse(readFileSync(rewardFixturesPath, "utf8")) as RewardFixtures;
    for (const { name, rollouts } of fixtures.cases) {
        for (const r of rollouts) {
            const ok = typeof r.prompt === "string" && typeof r.correct === "boolean" && Array.isArray(r.calls) && r.calls.every(Number.isInteger)
                && Number.isInteger(r.responseLength) && typeof r.expected === "number" && typeof r.case === "string";
            if (!ok) throw new Error(`malformed rollout in fixture case "${name}": ${JSON.stringify(r)}`);
        }
    }
    return fixtures;
}
