"""The relay rollout of RelayLLM's RL stage, written once for both scales: the toy trainer here calls it with the
test bed's student (a torch sampler) and teacher (llama-server), and the TRL adapter (trl_rollout.py) calls it with
a student on vLLM and any OpenAI-compatible teacher.

The loop is the reference's (RL_stage/verl/workers/rollout/help_vllm_rollout_spmd.py @ 7ca9084):
- the student writes a turn until it writes `</call>` (kept), its end of sequence, or its token limit;
- the turn's first `<call>\\s*(\\d+)\\s*</call>` is a command if fewer than `max_turns` turns were written (3: at
  most 2 calls); N is clamped to [0, turn_max_tokens]; N = 0 lets the student go on (the command stays);
  otherwise the teacher writes min(N, what is left of global_max_tokens) tokens;
- the teacher's prompt is the text so far up to the command, stripped of surrounding white space;
- a teacher error ends the rollout; its text is appended in the student's tokens; `stop` ends the rollout,
  `length` lets the student write its next turn.
Two choices of the reference are options (docs/training.md measures both):
- `rollback="turn"` (reference): after a call the student's whole last turn (its text before the command and
  the command) is taken out of the response, so executed commands never get a gradient; `rollback="none"`
  keeps them, as the inference engine's context does (the teacher's prompt then leaves executed commands out);
- `teacher_in_loss=True` (reference): the teacher's tokens are trained on like the student's; False masks them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol, Sequence

COMMAND = re.compile(r"<call>\s*(\d+)\s*</call>")
"""A complete command, as the reference's rollout matches it (Python's `\\d`: any Unicode digit)."""


@dataclass(frozen=True)
class RolloutConfig:
    max_turns: int = 3
    turn_max_tokens: int = 8192
    global_max_tokens: int = 8192
    rollback: str = "turn"
    teacher_in_loss: bool = True
    # The reference appends "\n[Info: …]" to a response stopped by the global limit (and trains on it).
    limit_note: bool = True

    def __post_init__(self):
        if self.rollback not in ("turn", "none"):
            raise ValueError('rollback must be "turn" (the reference) or "none"')
        if self.max_turns < 1 or self.turn_max_tokens < 1 or self.global_max_tokens < 1:
            raise ValueError("max_turns, turn_max_tokens and global_max_tokens must be positive")


@dataclass
class StudentTurn:
    ids: list[int]
    text: str
    # "stop" (wrote the stop string), "eos" or "length".
    finish: str


@dataclass
class TeacherReply:
    text: str
    # "stop", "length" or "error".
    finish: str


class Student(Protocol):
    def generate(self, contexts: Sequence[Sequence[int]], max_tokens: Sequence[int]) -> list[StudentTurn]:
        """One turn per context, sampled until `</call>` (included), end of sequence or max_tokens."""


class Teacher(Protocol):
    def complete(self, prompts: Sequence[str], max_tokens: Sequence[int]) -> list[TeacherReply]: ...


class Tokenizer(Protocol):
    def decode(self, ids: Sequence[int]) -> str: ...

    def encode_continuation(self, text: str) -> list[int]: ...


@dataclass
class RelayRollout:
    """One sampled response: its tokens, which of them are trained on, and what the reward needs."""

    group: int
    prompt_ids: list[int]
    response_ids: list[int] = field(default_factory=list)
    # 1: in the loss; 0: teacher tokens when they are masked.
    loss_mask: list[int] = field(default_factory=list)
    # Where each token came from: "s" student, "t" teacher, "n" the limit note.
    sources: list[str] = field(default_factory=list)
    # The N of every executed command (as granted to the teacher).
    calls: list[int] = field(default_factory=list)
    # With rollback="none", the text of each command sent to the teacher, in order (kept in the response).
    commands: list[str] = field(default_factory=list)
    teacher_errors: int = 0
    # The text of the last failed teacher reply ("[Error: …]"), for the trainer's message.
    teacher_error: str = ""
    turns: int = 0
    finish: str = ""
    # Set while the loop runs.
    _status: str = "student"
    _last_turn: int = 0
    _grant: int = 0
    _command_start: int = 0

    @property
    def response_length(self) -> int:
        return len(self.response_ids)


def _append(rollout: RelayRollout, ids: Sequence[int], source: str, in_loss: bool) -> None:
    rollout.response_ids.extend(ids)
    rollout.loss_mask.extend([1 if in_loss else 0] * len(ids))
    rollout.sources.extend(source * len(ids))


def _finish(rollout: RelayRollout, reason: str, tokenizer: Tokenizer, config: RolloutConfig) -> None:
    rollout._status = "done"
    rollout.finish = reason
    if reason == "limit" and config.limit_note:
        _append(rollout, tokenizer.encode_continuation("\n[Info: Reached GLOBAL_MAX_TOKENS]"), "n", True)


def response_text(rollout: RelayRollout, tokenizer: Tokenizer) -> str:
    """The response as a reader sees it: with rollback="none", the commands sent to the teacher taken out (the
    reference's rollback already took them out; a command that was never executed stays, as in the reference)."""
    text = tokenizer.decode(rollout.response_ids)
    for command in rollout.commands:
        text = text.replace(command, "", 1)
    return text


def teacher_prompt(rollout: RelayRollout, tokenizer: Tokenizer, config: RolloutConfig) -> str:
    """The text the teacher continues: prompt and response up to the pending command, stripped."""
    if config.rollback == "turn":
        # The reference decodes everything and cuts at the first complete command in it.
        full = tokenizer.decode(rollout.prompt_ids + rollout.response_ids)
        match = COMMAND.search(full)
        return (full[: match.start()] if match else COMMAND.sub("", full)).strip()
    before = tokenizer.decode(rollout.prompt_ids + rollout.response_ids[: rollout._command_start])
    for command in rollout.commands:
        before = before.replace(command, "", 1)
    return before.strip()


def relay_rollouts(prompts: Sequence[Sequence[int]], n: int, student: Student, teacher: Teacher, tokenizer: Tokenizer,
                   config: RolloutConfig = RolloutConfig()) -> list[RelayRollout]:
    """`n` relay rollouts of each prompt, in prompt order (rollouts of prompt i have group i)."""
    pool = [RelayRollout(group=i, prompt_ids=list(p)) for i, p in enumerate(prompts) for _ in range(n)]
    while any(r._status != "done" for r in pool):
        waiting = [r for r in pool if r._status == "student"]
        budgets = [min(config.turn_max_tokens, config.global_max_tokens - r.response_length) for r in waiting]
        for r in [r for r, b in zip(waiting, budgets) if b <= 0]:
            _finish(r, "limit", tokenizer, config)
        active = [(r, b) for r, b in zip(waiting, budgets) if b > 0]
        if active:
            turns = student.generate([r.prompt_ids + r.response_ids for r, _ in active], [b for _, b in active])
            for (rollout, _), turn in zip(active, turns):
                _student_turn(rollout, turn, tokenizer, config)
        calling = [r for r in pool if r._status == "teacher"]
        if calling:
            replies = teacher.complete([teacher_prompt(r, tokenizer, config) for r in calling], [r._grant for r in calling])
            for rollout, reply in zip(calling, replies):
                _teacher_reply(rollout, reply, tokenizer, config)
    return pool


def _student_turn(rollout: RelayRollout, turn: StudentTurn, tokenizer: Tokenizer, config: RolloutConfig) -> None:
    start = rollout.response_length
    _append(rollout, turn.ids, "s", True)
    rollout.turns += 1
    rollout._last_turn = len(turn.ids)
    match = COMMAND.search(turn.text)
    if match is None or rollout.turns >= config.max_turns:
        _finish(rollout, "limit" if rollout.response_length >= config.global_max_tokens and turn.finish == "length" else turn.finish, tokenizer, config)
        return
    requested = min(max(int(match.group(1)), 0), config.turn_max_tokens)
    left = config.global_max_tokens - rollout.response_length
    if left <= 0:
        _finish(rollout, "limit", tokenizer, config)
    elif requested == 0:
        rollout._status = "student"
    else:
        rollout._grant = min(requested, left)
        rollout._status = "teacher"
        # The command's first token: the turn's tokens whose text ends before the command starts.
        if config.rollback == "none":
            rollout._command_start = start + _tokens_before(turn.ids, match.start(), tokenizer)
            rollout.commands.append(match.group(0))


def _tokens_before(ids: Sequence[int], offset: int, tokenizer: Tokenizer) -> int:
    count = 0
    while count < len(ids) and len(tokenizer.decode(ids[: count + 1])) <= offset:
        count += 1
    return count


def _teacher_reply(rollout: RelayRollout, reply: TeacherReply, tokenizer: Tokenizer, config: RolloutConfig) -> None:
    if reply.finish == "error" or reply.text.startswith("[Error:"):
        rollout.teacher_errors += 1
        rollout.teacher_error = reply.text
        _finish(rollout, "teacher-error", tokenizer, config)
        return
    rollout.calls.append(rollout._grant)
    if config.rollback == "turn" and rollout._last_turn > 0:
        keep = rollout.response_length - rollout._last_turn
        del rollout.response_ids[keep:], rollout.loss_mask[keep:], rollout.sources[keep:]
    _append(rollout, tokenizer.encode_continuation(reply.text), "t", config.teacher_in_loss)
    if reply.finish == "stop":
        _finish(rollout, "stop", tokenizer, config)
    elif rollout.response_length >= config.global_max_tokens:
        _finish(rollout, "limit", tokenizer, config)
    else:
        rollout._status = "student"
