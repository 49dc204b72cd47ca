"""GRPO with relay rollouts on a llama GGUF, at toy scale on a CPU (`relayllm train student` on the test bed).

Each step takes `promptsPerStep` training items (a seeded shuffle, epoch after epoch), samples `groupSize` relay
rollouts of each from the *current* weights (rollout.py, backends.py), grades them (the first word of the
response, commands taken out: the test bed's exact grader), scores each prompt's group (rewards.py), computes
GRPO advantages, the old log-probs (the weights before the step's updates) and the reference model's, and makes
`miniBatches` AdamW updates on the clipped surrogate plus 0.01 · low_var_kl (grpo.py), gradient norm clipped.

A job is a JSON object:

    {"base": "warmup.gguf", "reference": "warmup.gguf", "out": "out.gguf", "metrics": "m.json", "seed": 0, "threads": 1,
     "tokenizer": "student.gguf",
     "teacher": {"url": "http://127.0.0.1:8080/v1", "model": "teacher", "temperature": 1.0, "topP": 1.0, "topK": -1, "minP": 0.0},
     "rollout": {"maxTurns": 3, "turnMaxTokens": 32, "globalMaxTokens": 32, "rollback": "none", "teacherInLoss": false, "limitNote": false},
     "grpo": {"steps": 60, "promptsPerStep": 8, "groupSize": 8, "miniBatches": 2, "lr": 5e-4, "weightDecay": 0.01,
              "klCoef": 0.01, "clipLow": 0.2, "clipHigh": 0.3, "clipDual": 3.0, "maxGradNorm": 1.0, "temperature": 1.0},
     "reward": {"kind": "difficulty", "independence": true, "exploration": true},
     "items": [{"id": "lily-pet", "kind": "student-solvable", "promptIds": [1, 403, ...], "answer": "bird"}],
     "metadata": {"relayllm.trained": true}}
"""
from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import torch

from relaystudent.sft import write_with_metadata
from relaytrain.gguf_io import read_model
from relaytrain.llama import forward

from .backends import CompletionsTeacher, TorchStudent
from .grpo import LossConfig, group_advantages, grpo_loss
from .rewards import rewards
from .rollout import RolloutConfig, relay_rollouts, response_text
from .spm import SpmTokenizer

GRPO_DEFAULTS = {"steps": 60, "promptsPerStep": 8, "groupSize": 8, "miniBatches": 2, "lr": 5e-4, "weightDecay": 0.01, "klCoef": 0.01,
                 "clipLow": 0.2, "clipHigh": 0.3, "clipDual": 3.0, "maxGradNorm": 1.0, "temperature": 1.0}
ROLLOUT_DEFAULTS = {"maxTurns": 3, "turnMaxTokens": 32, "globalMaxTokens": 32, "rollback": "turn", "teacherInLoss": True, "limitNote": True}
TEACHER_DEFAULTS = {"model": "teacher", "temperature": 1.0, "topP": 1.0, "topK": -1, "minP": 0.0, "timeoutSeconds": 600}
REWARD_DEFAULTS = {"kind": "difficulty", "independence": True, "exploration": True}
_WORD = re.compile(r"(?:[^\W_]|')+")


def first_word_correct(text: str, answer: str) -> bool:
    """src/eval/grader/exactMatch.ts: the first run of letters, digits or apostrophes equals the answer, any case."""
    match = _WORD.search(text)
    return match is not None and match.group(0).lower() == answer.strip().lower()


def validate_grpo_job(job: dict) -> dict:
    if not isinstance(job, dict):
        raise ValueError("a job must be a JSON object")
    for key in ("base", "out", "metrics", "tokenizer"):
        if not isinstance(job.get(key), str) or not job[key]:
            raise ValueError(f'"{key}" must be a non-empty string')
    teacher = job.get("teacher")
    if not isinstance(teacher, dict) or not isinstance(teacher.get("url"), str):
        raise ValueError('"teacher" must be an object with a "url"')
    items = job.get("items")
    if not isinstance(items, list) or not items:
        raise ValueError('"items" must be a non-empty list')
    for index, item in enumerate(items):
        ids = item.get("promptIds") if isinstance(item, dict) else None
        if not isinstance(ids, list) or not ids or not all(isinstance(t, int) and t >= 0 for t in ids):
            raise ValueError(f"items[{index}].promptIds must be a non-empty list of token ids")
        if not isinstance(item.get("answer"), str) or not isinstance(item.get("id"), str):
            raise ValueError(f"items[{index}] needs an id and an answer")
    merged = {"seed": 0, "threads": 1, "metadata": {}, **job,
              "reference": job.get("reference", job["base"]),
              "teacher": {**TEACHER_DEFAULTS, **teacher},
              "rollout": {**ROLLOUT_DEFAULTS, **job.get("rollout", {})},
              "grpo": {**GRPO_DEFAULTS, **job.get("grpo", {})},
              "reward": {**REWARD_DEFAULTS, **job.get("reward", {})}}
    if merged["grpo"]["groupSize"] < 2:
        raise ValueError("grpo.groupSize must be at least 2")
    return merged


def check_teacher(rollouts, url: str, step: int) -> None:
    """Stops the job when every call of a step failed: the teacher is down or refuses, and training on that would
    teach the student that calls fail."""
    errors = [x.teacher_error for x in rollouts if x.teacher_error]
    if errors and not any(x.calls for x in rollouts):
        raise ValueError(f"the teacher at {url} failed all {len(errors)} calls of step {step + 1}: {errors[0]}")


def response_log_probs(weights, config, rows: list[list[int]], starts: list[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-token log-probs of each row's tokens from `starts[i]` on (right-padded), the tokens, and a 0/1 validity mask."""
    width = max(len(row) for row in rows) - 1
    inputs = torch.zeros((len(rows), width), dtype=torch.long)
    for r, row in enumerate(rows):
        inputs[r, : len(row) - 1] = torch.tensor(row[:-1])
    logp = forward(weights, config, inputs).log_softmax(-1)
    response = max(len(row) - start for row, start in zip(rows, starts))
    out = torch.zeros((len(rows), response))
    targets = torch.zeros((len(rows), response), dtype=torch.long)
    valid = torch.zeros((len(rows), response))
    for r, (row, start) in enumerate(zip(rows, starts)):
        n = len(row) - start
        if n <= 0:
            continue
        tokens = torch.tensor(row[start:])
        out[r, :n] = logp[r, start - 1 : len(row) - 1].gather(-1, tokens[:, None]).squeeze(-1)
        targets[r, :n] = tokens
        valid[r, :n] = 1
    return out, targets, valid


def run_grpo_job(job: dict) -> dict:
    job = validate_grpo_job(job)
    started = time.monotonic()
    torch.set_num_threads(int(job["threads"]))
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(int(job["seed"]))
    generator = torch.Generator().manual_seed(int(job["seed"]))
    order = random.Random(int(job["seed"]))
    g, r, t, w = job["grpo"], job["rollout"], job["teacher"], job["reward"]

    base = read_model(job["base"])
    reference = base if job["reference"] == job["base"] else read_model(job["reference"])
    config = base.config
    tokenizer = SpmTokenizer.from_gguf(job["tokenizer"])
    rollout_config = RolloutConfig(max_turns=r["maxTurns"], turn_max_tokens=r["turnMaxTokens"], global_max_tokens=r["globalMaxTokens"],
                                   rollback=r["rollback"], teacher_in_loss=r["teacherInLoss"], limit_note=r["limitNote"])
    loss_config = LossConfig(clip_low=g["clipLow"], clip_high=g["clipHigh"], clip_dual=g["clipDual"], kl_coef=g["klCoef"])
    teacher = CompletionsTeacher(url=t["url"], model=t["model"], temperature=t["temperature"], top_p=t["topP"], top_k=t["topK"],
                                 min_p=t["minP"], timeout=t["timeoutSeconds"], seed=int(job["seed"]) * 1_000_003)
    params = {name: tensor.clone().requires_grad_(True) for name, tensor in base.weights.items()}
    optimizer = torch.optim.AdamW(params.values(), lr=g["lr"], weight_decay=g["weightDecay"])
    student = TorchStudent(params, config, tokenizer, generator, temperature=g["temperature"])

    items, queue, steps = job["items"], [], []
    for step in range(g["steps"]):
        t0 = time.monotonic()
        batch = []
        while len(batch) < min(g["promptsPerStep"], len(items)):
            if not queue:
                queue = list(range(len(items)))
                order.shuffle(queue)
            batch.append(items[queue.pop()])
        with torch.no_grad():
            rollouts = relay_rollouts([item["promptIds"] for item in batch], g["groupSize"], student, teacher, tokenizer, rollout_config)
        check_teacher(rollouts, t["url"], step)
        graded = []
        for rollout in rollouts:
            item = batch[rollout.group]
            graded.append({"prompt": str(rollout.group), "correct": first_word_correct(response_text(rollout, tokenizer), item["answer"]),
                           "calls": list(rollout.calls), "response_length": rollout.response_length})
        scores = rewards(graded, w["kind"], w["independence"], w["exploration"])
        advantages = group_advantages([s["overall"] for s in scores], [x.group for x in rollouts])
        rows = [x.prompt_ids + x.response_ids for x in rollouts]
        starts = [len(x.prompt_ids) for x in rollouts]
        usable = [i for i, x in enumerate(rollouts) if x.response_length > 0 and any(x.loss_mask)]
        t1 = time.monotonic()
        with torch.no_grad():
            old, _, valid = response_log_probs(params, config, [rows[i] for i in usable], [starts[i] for i in usable])
            ref, _, _ = response_log_probs(reference.weights, config, [rows[i] for i in usable], [starts[i] for i in usable])
        mask = torch.zeros_like(valid)
        for row, i in enumerate(usable):
            m = rollouts[i].loss_mask
            mask[row, : len(m)] = torch.tensor(m, dtype=torch.float32)
        adv = torch.tensor([advantages[i] for i in usable])[:, None].expand_as(mask)
        update_metrics = []
        # The rollouts in `miniBatches` shuffled slices, one update each (the reference: 4 per rollout batch).
        perm = torch.randperm(len(usable), generator=generator).tolist()
        size = max(1, -(-len(usable) // g["miniBatches"]))
        for chunk in [perm[k : k + size] for k in range(0, len(perm), size)]:
            logp, _, _ = response_log_probs(params, config, [rows[usable[c]] for c in chunk], [starts[usable[c]] for c in chunk])
            width = logp.shape[1]
            loss, metrics = grpo_loss(logp, old[chunk, :width], ref[chunk, :width], adv[chunk, :width], mask[chunk, :width], loss_config)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            metrics["grad_norm"] = float(torch.nn.utils.clip_grad_norm_(params.values(), g["maxGradNorm"]))
            optimizer.step()
            update_metrics.append(metrics)
        steps.append(_step_record(step, batch, rollouts, graded, scores, update_metrics, t1 - t0, time.monotonic() - t1))
        if (step + 1) % max(1, g["steps"] // 10) == 0 or step + 1 == g["steps"]:
            print(_progress_line(steps[-max(1, g["steps"] // 10):], g["steps"]), flush=True)

    weights = {name: tensor.detach() for name, tensor in params.items()}
    Path(job["out"]).parent.mkdir(parents=True, exist_ok=True)
    write_with_metadata(base, weights, job["out"], job["metadata"])
    metrics = {"steps": steps, "teacherRequests": teacher.requests, "seconds": round(time.monotonic() - started, 2)}
    Path(job["metrics"]).write_text(json.dumps(metrics, indent=1) + "\n")
    return metrics


def _progress_line(recent: list[dict], total: int) -> str:
    """One line for the log: calls and accuracy per kind over the recent steps, KL and seconds per step."""
    cells: dict[str, list[int]] = {}
    for record in recent:
        for kind, cell in record["byKind"].items():
            acc = cells.setdefault(kind, [0, 0, 0])
            acc[0] += cell["rollouts"]
            acc[1] += cell["called"]
            acc[2] += cell["correct"]
    kinds = ", ".join(f"{kind} calls {100 * c / n:.0f}% acc {100 * k / n:.0f}%" for kind, (n, c, k) in sorted(cells.items()))
    seconds = sum(r["rolloutSeconds"] + r["updateSeconds"] for r in recent) / len(recent)
    return f"grpo step {recent[-1]['step'] + 1}/{total}: {kinds}; kl {recent[-1]['kl']:.4f}; {seconds:.1f} s/step"


def _step_record(step, batch, rollouts, graded, scores, updates, rollout_seconds, update_seconds) -> dict:
    by_kind: dict[str, dict] = {}
    for rollout, grade, score in zip(rollouts, graded, scores):
        kind = batch[rollout.group].get("kind", "all")
        cell = by_kind.setdefault(kind, {"rollouts": 0, "called": 0, "correct": 0, "reward": 0.0})
        cell["rollouts"] += 1
        cell["called"] += 1 if grade["calls"] else 0
        cell["correct"] += 1 if grade["correct"] else 0
        cell["reward"] += score["overall"]
    mean = lambda key: sum(u[key] for u in updates) / max(1, len(updates))  # noqa: E731
    return {"step": step, "byKind": by_kind, "teacherTokens": sum(s == "t" for x in rollouts for s in x.sources),
            "responseTokens": sum(x.response_length for x in rollouts), "teacherErrors": sum(x.teacher_errors for x in rollouts),
            "kl": mean("kl") if updates else 0.0, "pgLoss": mean("pg_loss") if updates else 0.0,
            "clipfrac": mean("clipfrac_higher") if updates else 0.0, "gradNorm": mean("grad_norm") if updates else 0.0,
            "rolloutSeconds": round(rollout_seconds, 2), "updateSeconds": round(update_seconds, 2)}
