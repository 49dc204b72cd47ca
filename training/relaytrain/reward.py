"""The difficulty-aware reward for EasyR1 (docs/reward.md), the twin of src/train/difficultyReward.ts.

Use it as EasyR1's batch reward function::

    worker.reward.reward_type=batch
    worker.reward.reward_function=/path/to/training/relaytrain/reward.py:compute_score

Standard library only (no torch), so EasyR1 can load the file by path. Both implementations pass the shared
fixtures in test/fixtures/reward/cases.json.
"""
import re
from typing import Any, Callable, Dict, List, Optional, Sequence

CALL_TOKEN_CAP = 4096
"""Each command's token count is capped at this before it enters the call ratio (the reference's 4096)."""

STUDENT_SOLVABLE = "student-solvable"
TEACHER_DEPENDENT = "teacher-dependent"
TEACHER_FAILS = "teacher-fails"

# The reference's normalisation: spaces around <, > and / are dropped, so "< call > 12 < / call >" counts.
_SPACES_AROUND_MARKS = re.compile(r"\s*(<|>|/)\s*")
_COMMAND = re.compile(r"<call>(\d+)</call>")


def call_ratio(calls: Sequence[int], response_length: int, cap: int = CALL_TOKEN_CAP) -> float:
    """min(sum(min(N, cap)) / response_length, 1); 0 without a call, 1 for a call in an empty response."""
    if len(calls) == 0:
        return 0.0
    if response_length <= 0:
        return 1.0
    tokens = sum(min(max(int(n), 0), cap) for n in calls)
    return min(tokens / response_length, 1.0)


def difficulty_case(group: Sequence[Dict[str, Any]]) -> str:
    """The case of one prompt's group; each rollout has `correct` (bool) and `calls` (list of N)."""
    if any(r["correct"] and len(r["calls"]) == 0 for r in group):
        return STUDENT_SOLVABLE
    if any(r["correct"] for r in group):
        return TEACHER_DEPENDENT
    return TEACHER_FAILS


def _score_in(case: str, correct: bool, called: bool, ratio: float) -> float:
    if case == STUDENT_SOLVABLE:
        return (1.0 - ratio if called else 1.5) if correct else 0.0
    if case == TEACHER_DEPENDENT:
        return 1.0 - ratio if correct else (0.0 if called else -1.0)
    return ratio if called else 0.0


def difficulty_reward(rollouts: Sequence[Dict[str, Any]], cap: int = CALL_TOKEN_CAP) -> List[Dict[str, Any]]:
    """Scores structured rollouts (`prompt`, `correct`, `calls`, `response_length`) in order.

    The case is decided per prompt group from that group's rollouts only; the reference decides it over the
    whole reward batch (docs/reward.md). Returns `overall`, `case` and `call_ratio` per rollout.
    """
    groups: Dict[str, List[Dict[str, Any]]] = {}
    for rollout in rollouts:
        groups.setdefault(rollout["prompt"], []).append(rollout)
    cases = {prompt: difficulty_case(group) for prompt, group in groups.items()}
    scores = []
    for rollout in rollouts:
        case = cases[rollout["prompt"]]
        ratio = call_ratio(rollout["calls"], rollout["response_length"], cap)
        overall = _score_in(case, bool(rollout["correct"]), len(rollout["calls"]) > 0, ratio)
        scores.append({"overall": overall, "case": case, "call_ratio": ratio})
    return scores


def commands_in(response: str) -> List[int]:
    """The N of every complete `<call>N</call>` in a response, after the reference's space normalisation."""
    return [int(n) for n in _COMMAND.findall(_SPACES_AROUND_MARKS.sub(r"\1", response))]


def _last_boxed(text: str) -> Optional[str]:
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth, i = 1, start + len("\\boxed{")
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i:j]
    return None


def _plain_grade(response: str, ground_truth: str) -> bool:
    # Without mathruler: the last boxed answer equals the gold one up to spaces and $ signs.
    answer = _last_boxed(response)
    clean = lambda s: re.sub(r"[\s$]", "", s)
    return answer is not None and clean(answer) == clean(str(ground_truth))


def default_grader() -> Callable[[str, str], bool]:
    """mathruler's grader (the reference's) when it is installed, else a last-box exact comparison."""
    try:
        from mathruler.grader import extract_boxed_content, grade_answer  # type: ignore
    except ImportError:
        return _plain_grade
    return lambda response, gold: bool(grade_answer(extract_boxed_content(response), gold))


def _group_key(reward_input: Dict[str, Any]) -> str:
    for key in ("uid", "prompt"):
        if key in reward_input:
            return str(reward_input[key])
    raise ValueError("each reward input needs a `prompt` or `uid` key to group rollouts per prompt (docs/reward.md)")


def compute_score(reward_inputs: List[Dict[str, Any]], call_token_cap: int = CALL_TOKEN_CAP,
                  grader: Optional[Callable[[str, str], bool]] = None) -> List[Dict[str, float]]:
    """EasyR1's batch reward interface: one dict of floats per input, `overall` the reward.

    Each input has `response`, `response_length` and `ground_truth`, and `prompt` or `uid` (its group).
    Optional keys a relay rollout can add: `calls` (the N of each command it executed; without it the
    commands are read from the response text, so a rollout must keep executed commands in it) and `correct`
    (a precomputed grade; without it `grader`, default {@link default_grader}, grades the response).
    """
    if not isinstance(reward_inputs, list):
        raise ValueError("use worker.reward.reward_type=batch: the reward needs a prompt's whole group")
    grade = grader or default_grader()
    rollouts = []
    for item in reward_inputs:
        calls = [int(n) for n in item["calls"]] if "calls" in item else commands_in(item["response"])
        correct = bool(item["correct"]) if "correct" in item else grade(item["response"], item["ground_truth"])
        rollouts.append({"prompt": _group_key(item), "correct": correct, "calls": calls,
                         "response_length": int(item["response_length"])})
    scores = difficulty_reward(rollouts, call_token_cap)
    return [{"overall": s["overall"], "accuracy": 1.0 if r["correct"] else 0.0, "call_ratio": s["call_ratio"],
             "called": 1.0 if r["calls"] else 0.0, "call_tokens": float(sum(min(n, call_token_cap) for n in r["calls"]))}
            for s, r in zip(scores, rollouts)]
