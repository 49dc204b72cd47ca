"""The relay rollout for TRL's GRPOTrainer (`rollout_func`), the real-scale twin of the toy trainer.

NOT RUN IN THIS PROJECT: TRL, vLLM and a GPU are not available on its machines. Written from TRL's documentation
of `rollout_func` and `trl.experimental.openenv.generate_rollout_completions` (docs/training.md gives the versions
and what was checked). What runs here is the code it calls: `rollout.relay_rollouts` (the state machine, the
teacher's prompt, the grants, the rollback, the masks) and `relaytrain.reward` (the reward), both exercised by the
toy trainer and by training/tests.

Use (see train_trl.py):

    from relaygrpo.trl_rollout import make_rollout_func, relay_reward
    rollout_func = make_rollout_func(teacher_url="http://127.0.0.1:8001/v1", teacher_model="Qwen/Qwen3-8B")
    trainer = GRPOTrainer(model=..., args=GRPOConfig(use_vllm=True, num_generations=8, ...),
                          reward_funcs=relay_reward, rollout_func=rollout_func, train_dataset=...)

TRL calls `rollout_func(prompts, trainer)` with each prompt repeated `num_generations` times (one group after
another) and expects `prompt_ids`, `completion_ids` and `logprobs` per row; other keys reach the reward functions
as keyword arguments. `env_mask` (1 = the policy's own token, 0 = not trained on) masks the teacher's tokens when
`teacher_in_loss` is False. The teacher's tokens were not sampled by the student, so their `logprobs` are 0.0;
with `teacher_in_loss=True` (the reference) turn vLLM's importance-sampling correction off
(`vllm_importance_sampling_correction=False`), or those tokens get a wrong correction.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from relaytrain.reward import difficulty_reward

from .backends import CompletionsTeacher
from .rollout import RolloutConfig, StudentTurn, relay_rollouts, response_text

STOP = "</call>"


class HfTokenizer:
    """The student's Hugging Face tokenizer as the rollout needs it."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=False)

    def encode_continuation(self, text: str) -> list[int]:
        return self.tokenizer.encode(text, add_special_tokens=False)


class VllmStudent:
    """Student turns from the trainer's vLLM (colocate or server mode) through TRL's helper, at the policy's own
    sampling: temperature 1, no top-k/top-p, stopping after `</call>` as the reference's rollout does."""

    def __init__(self, trainer, tokenizer: HfTokenizer, temperature: float = 1.0):
        self.trainer, self.tokenizer, self.temperature = trainer, tokenizer, temperature
        self.logprobs: dict[tuple[int, ...], list[float]] = {}

    def generate(self, contexts, max_tokens) -> list[StudentTurn]:
        from trl.experimental.openenv import generate_rollout_completions  # noqa: PLC0415 (only where TRL is installed)

        turns: list[StudentTurn] = []
        # One call per distinct budget: vLLM takes one set of sampling parameters per request batch here.
        by_budget: dict[int, list[int]] = {}
        for index, budget in enumerate(max_tokens):
            by_budget.setdefault(int(budget), []).append(index)
        out: list[StudentTurn | None] = [None] * len(contexts)
        for budget, indices in by_budget.items():
            overrides = {"max_tokens": budget, "temperature": self.temperature, "top_p": 1.0, "top_k": -1, "min_p": 0.0,
                         "stop": [STOP], "include_stop_str_in_output": True, "n": 1}
            texts = [self.tokenizer.decode(contexts[i]) for i in indices]
            results = generate_rollout_completions(self.trainer, texts, generation_overrides=overrides, as_chat=False)
            for i, result in zip(indices, results):
                ids = list(result["completion_ids"])
                text = result.get("text") or self.tokenizer.decode(ids)
                eos = self.tokenizer.tokenizer.eos_token_id
                finish = "stop" if STOP in text else ("eos" if ids and ids[-1] == eos else "length")
                if finish == "eos":
                    ids = ids[:-1]
                self.logprobs[tuple(list(contexts[i]) + ids)] = list(result["logprobs"])[: len(ids)]
                out[i] = StudentTurn(ids=ids, text=text, finish=finish)
        turns.extend(out)  # type: ignore[arg-type]
        return turns


def make_rollout_func(teacher_url: str, teacher_model: str, config: RolloutConfig = RolloutConfig(max_turns=3, turn_max_tokens=2048, global_max_tokens=2048),
                      teacher_sampling: dict | None = None) -> Callable[[list, Any], dict]:
    """A `rollout_func` for GRPOTrainer: relay rollouts of each prompt against an OpenAI-compatible teacher."""
    sampling = {"temperature": 1.0, "top_p": 1.0, "top_k": -1, "min_p": 0.0, **(teacher_sampling or {})}

    def rollout_func(prompts: list, trainer) -> dict:
        tokenizer = HfTokenizer(trainer.processing_class)
        n = trainer.args.num_generations
        # TRL repeats each prompt n times in a row; the relay rollout samples n per distinct prompt itself.
        distinct = [prompts[i] for i in range(0, len(prompts), n)]
        prompt_ids = [tokenizer.tokenizer.apply_chat_template(p, add_generation_prompt=True, tokenize=True, enable_thinking=False)
                      if isinstance(p, list) else tokenizer.encode_continuation(p) for p in distinct]
        student = VllmStudent(trainer, tokenizer)
        teacher = CompletionsTeacher(url=teacher_url, model=teacher_model, temperature=sampling["temperature"], top_p=sampling["top_p"],
                                     top_k=sampling["top_k"], min_p=sampling["min_p"])
        rollouts = relay_rollouts(prompt_ids, n, student, teacher, tokenizer, config)
        logprobs = []
        for r in rollouts:
            # The student's own sampled log-probs where they are its tokens; 0.0 for the teacher's.
            row, position = [], 0
            known = _student_logprobs(student.logprobs, r.prompt_ids, r.response_ids)
            for source in r.sources:
                row.append(known[position] if source == "s" and position < len(known) else 0.0)
                position += 1
            logprobs.append(row)
        return {
            "prompt_ids": [r.prompt_ids for r in rollouts],
            "completion_ids": [r.response_ids for r in rollouts],
            "logprobs": logprobs,
            "env_mask": [r.loss_mask for r in rollouts],
            "relay_calls": [r.calls for r in rollouts],
            "relay_text": [response_text(r, tokenizer) for r in rollouts],
            "relay_group": [r.group for r in rollouts],
        }

    return rollout_func


def _student_logprobs(table: dict, prompt: list[int], response: list[int]) -> list[float]:
    """The sampled log-probs of a response's student turns, looked up by the context each turn ended with."""
    out = [0.0] * len(response)
    for end in range(len(response), 0, -1):
        turn = table.get(tuple(prompt + response[:end]))
        if turn:
            out[end - len(turn) : end] = turn
    return out


def relay_reward(prompts, completions, completion_ids, relay_calls, relay_text, relay_group, answer,
                 grade: Callable[[str, str], bool] | None = None, **_) -> list[float]:
    """The difficulty-aware reward as a TRL reward function (one float per completion), grouped by prompt within
    the batch it is given (TRL keeps a prompt's `num_generations` rollouts together). `answer` is the data set's
    gold column; the response is graded with the commands taken out (mathruler when installed)."""
    from relaytrain.reward import default_grader  # noqa: PLC0415

    grader = grade or default_grader()
    scored = difficulty_reward([{"prompt": str(group), "correct": grader(text, gold), "calls": calls, "response_length": len(ids)}
                                for group, text, gold, calls, ids in zip(relay_group, relay_text, answer, relay_calls, completion_ids)])
    return [s["overall"] for s in scored]
