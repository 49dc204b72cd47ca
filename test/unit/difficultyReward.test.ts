import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CALL_TOKEN_CAP, difficultyReward, type RewardRollout } from "../../src/train/difficultyReward";
import { projectRoot } from "../support/paths";
import { readRewardFixtures } from "../support/rewardFixtures";

const fixtures = readRewardFixtures();

describe("the difficulty-aware reward on the shared fixtures (training/tests/test_reward.py reads the same file)", () => {
    it("uses the fixtures' call-token cap", () => assert.equal(CALL_TOKEN_CAP, fixtures.callTokenCap));
    for (const { name, rollouts } of fixtures.cases) {
        it(name, () => {
            const scores = difficultyReward(rollouts);
            assert.deepEqual(scores.map((s) => s.case), rollouts.map((r) => r.case));
            for (const [i, score] of scores.entries()) assert.ok(Math.abs(score.overall - rollouts[i].expected) < 1e-9, `rollout ${i}: ${score.overall} != ${rollouts[i].expected}`);
        });
    }
});

describe("the reward's grouping", () => {
    it("decides the case per prompt, not over the batch: the same rollouts score the same alone or batched", () => {
        const all = fixtures.cases.flatMap((c) => c.rollouts);
        const batched = difficultyReward(all).map((s) => s.overall);
        const alone = fixtures.cases.flatMap((c) => difficultyReward(c.rollouts).map((s) => s.overall));
        assert.deepEqual(batched, alone);
    });

    it("does not depend on the order of the rollouts within a batch", () => {
        const rollouts: RewardRollout[] = fixtures.cases.flatMap((c) => c.rollouts);
        const reversed = difficultyReward([...rollouts].reverse()).reverse();
        assert.deepEqual(reversed, difficultyReward(rollouts));
    });
});

describe("the Python twin (training/relaytrain/reward.py)", () => {
    it("passes the same fixtures (training/tests/test_reward.py; standard library only, no torch)", () => {
        const python = process.env.RELAYLLM_PYTHON ?? "/usr/bin/python3";
        const run = spawnSync(python, ["-m", "unittest", "tests.test_reward"], {
            cwd: join(projectRoot, "training"),
            env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
            encoding: "utf8",
        });
        assert.equal(run.status, 0, `python unittest failed:\n${run.stderr}`);
        assert.match(run.stderr, /Ran [1-9]\d* tests?[\s\S]*\nOK\n?$/);
    });
});
