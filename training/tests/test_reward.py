"""The difficulty-aware reward on the fixtures that src/train/difficultyReward.ts is tested on too."""
import json
import unittest

from relaytrain.reward import CALL_TOKEN_CAP, commands_in, compute_score, difficulty_reward
from tests.support import PROJECT

FIXTURES = json.loads((PROJECT / "test" / "fixtures" / "reward" / "cases.json").read_text())


def structured(rollout: dict) -> dict:
    return {"prompt": rollout["prompt"], "correct": rollout["correct"], "calls": rollout["calls"],
            "response_length": rollout["responseLength"]}


def as_text(rollout: dict) -> dict:
    """An EasyR1 reward input whose response text carries the commands (spaced as models write them)."""
    commands = " ".join(f"< call > {n} </ call>" for n in rollout["calls"])
    return {"prompt": rollout["prompt"], "response": f"Step one. {commands} So \\boxed{{\\frac{{1}}{{2}}}}.",
            "response_length": rollout["responseLength"], "ground_truth": "\\frac{1}{2}" if rollout["correct"] else "3"}


class Reward(unittest.TestCase):
    def test_cap_matches_fixtures(self):
        self.assertEqual(CALL_TOKEN_CAP, FIXTURES["callTokenCap"])

    def test_structured_rollouts_score_as_the_fixtures_expect(self):
        for case in FIXTURES["cases"]:
            with self.subTest(case["name"]):
                scores = difficulty_reward([structured(r) for r in case["rollouts"]])
                self.assertEqual([s["case"] for s in scores], [r["case"] for r in case["rollouts"]])
                for score, rollout in zip(scores, case["rollouts"]):
                    self.assertAlmostEqual(score["overall"], rollout["expected"], places=9)

    def test_compute_score_reads_commands_and_grades_text(self):
        for case in FIXTURES["cases"]:
            with self.subTest(case["name"]):
                scores = compute_score([as_text(r) for r in case["rollouts"]])
                for score, rollout in zip(scores, case["rollouts"]):
                    self.assertAlmostEqual(score["overall"], rollout["expected"], places=9)
                    self.assertEqual(score["called"], 1.0 if rollout["calls"] else 0.0)
                    self.assertTrue(all(isinstance(v, float) for v in score.values()))

    def test_batching_prompts_together_changes_nothing(self):
        everything = [r for case in FIXTURES["cases"] for r in case["rollouts"]]
        batched = [s["overall"] for s in compute_score([as_text(r) for r in everything])]
        self.assertEqual(batched, [r["expected"] for r in everything])

    def test_recorded_calls_win_over_the_text(self):
        # A rollout that rolled the executed command out of its text still says it called.
        item = {"prompt": "p", "response": "no command here \\boxed{3}", "response_length": 100, "ground_truth": "3",
                "calls": [25]}
        self.assertAlmostEqual(compute_score([item])[0]["overall"], 0.75)

    def test_incomplete_or_non_numeric_commands_are_not_calls(self):
        self.assertEqual(commands_in("<call> </call> <call>x</call> <call>12"), [])
        self.assertEqual(commands_in("a <call>7</call> b < call>3< /call >"), [7, 3])

    def test_inputs_without_a_group_key_are_refused(self):
        with self.assertRaises(ValueError):
            compute_score([{"response": "", "response_length": 1, "ground_truth": "1"}])


if __name__ == "__main__":
    unittest.main()
