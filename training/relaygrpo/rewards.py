"""The rewards the toy trainer can optimize: the paper's difficulty-aware reward (relaytrain/reward.py, the
fixture-tested twin of src/train/difficultyReward.ts), its two ablations, and the simple reward.

- `independence=False` (paper Table 3, "w/o independence incentive"): a correct answer without a call on a
  student-solvable prompt scores 1.0, like a call that costs nothing, instead of 1.5;
- `exploration=False` ("w/o exploration reward"): calling on a prompt where every rollout fails scores 0;
- `simple` (the reference's math_help_simple.py): accuracy minus the call ratio, no groups.
"""
from __future__ import annotations

from typing import Sequence

from relaytrain.reward import call_ratio, difficulty_reward

KINDS = ("difficulty", "simple")


def rewards(rollouts: Sequence[dict], kind: str = "difficulty", independence: bool = True, exploration: bool = True) -> list[dict]:
    """Each rollout has `prompt` (its group), `correct`, `calls` and `response_length`; returns `overall`, `case`, `call_ratio`."""
    if kind == "simple":
        out = []
        for r in rollouts:
            ratio = call_ratio(r["calls"], r["response_length"])
            out.append({"overall": (1.0 if r["correct"] else 0.0) - ratio, "case": None, "call_ratio": ratio})
        return out
    if kind != "difficulty":
        raise ValueError(f"unknown reward {kind!r} (one of {', '.join(KINDS)})")
    scores = difficulty_reward(rollouts)
    for score, r in zip(scores, rollouts):
        called = len(r["calls"]) > 0
        if not independence and score["case"] == "student-solvable" and r["correct"] and not called:
            score["overall"] = 1.0
        if not exploration and score["case"] == "teacher-fails" and called:
            score["overall"] = 0.0
    return scores
