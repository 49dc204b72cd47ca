"""Fine-tunes a llama GGUF on prompt/target token pairs while a KL term to the base model on its own sampled
stories keeps it fluent elsewhere; writes the result as a GGUF in the base file's layout.

A job is a JSON object (all token ids come from node-llama-cpp's tokenizer, so the prompt/target split is
exactly what the student sees at inference time):

    {"base": "in.gguf", "out": "out.gguf", "metrics": "metrics.json", "seed": 0, "threads": 1,
     "steps": 150, "lr": 0.002, "warmupSteps": 20, "batchSize": 16, "clip": 1.0,
     "replay": {"stories": 64, "heldOut": 16, "length": 96, "batchSize": 8, "klWeight": 1.0},
     "examples": [{"prompt": [1, 403, ...], "target": [370, 432], "mask": [1, 1]}],
     "probes": [{"id": "lily-pet", "prompt": [1, 403, ...], "steps": 3}]}

`mask` (optional, one 0/1 per target token): 0 takes no loss on that token (relaystudent masks a relay rollout's
teacher tokens). `fine_tune` is the training itself, shared with relaystudent, which anchors the replay to
another model and adds GGUF metadata.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from .gguf_io import GgufModel, read_model, write_model
from .llama import forward, generate

DEFAULTS = {"seed": 0, "threads": 1, "steps": 150, "lr": 2e-3, "warmupSteps": 20, "batchSize": 16, "clip": 1.0}
REPLAY_DEFAULTS = {"stories": 64, "heldOut": 16, "length": 96, "batchSize": 8, "klWeight": 1.0}


def validate_job(job: dict) -> dict:
    """Checks a job's shape and fills defaults; raises ValueError naming the first problem."""
    if not isinstance(job, dict):
        raise ValueError("a job must be a JSON object")
    for key in ("base", "out", "metrics"):
        if not isinstance(job.get(key), str) or not job[key]:
            raise ValueError(f'"{key}" must be a non-empty string')
    examples = job.get("examples")
    if not isinstance(examples, list) or not examples:
        raise ValueError('"examples" must be a non-empty list')
    for index, example in enumerate(examples):
        for key in ("prompt", "target"):
            tokens = example.get(key) if isinstance(example, dict) else None
            if not isinstance(tokens, list) or not tokens or not all(isinstance(t, int) and t >= 0 for t in tokens):
                raise ValueError(f"examples[{index}].{key} must be a non-empty list of token ids")
        mask = example.get("mask")
        if mask is not None:
            if not isinstance(mask, list) or len(mask) != len(example["target"]) or not all(m in (0, 1) for m in mask):
                raise ValueError(f"examples[{index}].mask must be one 0 or 1 per target token")
            if sum(mask) == 0:
                raise ValueError(f"examples[{index}].mask masks every target token")
    probes = job.get("probes", [])
    if not isinstance(probes, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str) and isinstance(p.get("prompt"), list) for p in probes):
        raise ValueError('"probes" must be a list of {"id", "prompt", "steps"}')
    merged = {**DEFAULTS, **job, "replay": {**REPLAY_DEFAULTS, **job.get("replay", {})}, "probes": probes}
    return merged


def lr_at(step: int, job: dict) -> float:
    """Linear warm-up, then cosine decay to zero."""
    warmup, total = job["warmupSteps"], job["steps"]
    if step < warmup:
        return job["lr"] * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return job["lr"] * 0.5 * (1 + math.cos(math.pi * progress))


def masked_batch(examples: list[dict], indices: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded inputs and labels; -100 (no loss) on prompt tokens, padding and masked target tokens."""
    rows = [examples[i]["prompt"] + examples[i]["target"] for i in indices]
    width = max(len(row) for row in rows) - 1
    inputs = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    for r, i in enumerate(indices):
        row, start = rows[r], len(examples[i]["prompt"])
        inputs[r, : len(row) - 1] = torch.tensor(row[:-1])
        # Position p predicts token p + 1: only the (unmasked) target tokens are learned.
        target = torch.tensor(row[start:])
        mask = examples[i].get("mask")
        if mask is not None:
            target = torch.where(torch.tensor(mask, dtype=torch.bool), target, torch.full_like(target, -100))
        labels[r, start - 1 : len(row) - 1] = target
    return inputs, labels


def mean_nll(weights, config, stories: torch.Tensor) -> float:
    with torch.no_grad():
        logits = forward(weights, config, stories[:, :-1])
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), stories[:, 1:].reshape(-1)).item()


@dataclass
class FineTuned:
    weights: dict
    # The loss on the target tokens at each step (without the replay's KL term).
    losses: list
    # Stories the anchor sampled that the training never saw, for the held-out NLL.
    held_out: torch.Tensor


def fine_tune(job: dict, base: GgufModel, anchor: GgufModel) -> FineTuned:
    """Trains `base` on a validated job's examples; the replay keeps it close to `anchor` on the anchor's own stories."""
    torch.set_num_threads(int(job["threads"]))
    torch.use_deterministic_algorithms(True)
    generator = torch.Generator().manual_seed(int(job["seed"]))
    torch.manual_seed(int(job["seed"]))
    config = base.config
    for index, example in enumerate(job["examples"]):
        if max(example["prompt"] + example["target"]) >= config.vocab_size:
            raise ValueError(f"examples[{index}] has a token id outside the vocabulary ({config.vocab_size})")

    # Stories sampled from the anchor (from BOS, temperature 1): the fluency replay and a held-out set.
    replay = job["replay"]
    bos = [config.bos_token_id]
    count = replay["stories"] + replay["heldOut"]
    sampled = generate(anchor.weights, config, [bos] * count, replay["length"] - 1, 1.0, generator) if count else []
    stories = torch.tensor([bos + row for row in sampled], dtype=torch.long) if count else torch.zeros((0, 1), dtype=torch.long)
    replay_stories, held_out = stories[: replay["stories"]], stories[replay["stories"] :]
    replaying = replay["klWeight"] > 0 and replay["stories"] > 0
    if replaying:
        with torch.no_grad():
            anchor_logprobs = forward(anchor.weights, config, replay_stories[:, :-1]).log_softmax(-1)

    params = {name: tensor.clone().requires_grad_(True) for name, tensor in base.weights.items()}
    optimizer = torch.optim.AdamW(params.values(), lr=job["lr"], betas=(0.9, 0.95), weight_decay=0.0)
    examples = job["examples"]
    losses = []
    for step in range(job["steps"]):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, job)
        indices = torch.randint(len(examples), (job["batchSize"],), generator=generator).tolist()
        inputs, labels = masked_batch(examples, indices)
        logits = forward(params, config, inputs)
        target_loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100)
        loss = target_loss
        if replaying:
            rows = torch.randint(replay["stories"], (replay["batchSize"],), generator=generator)
            student = forward(params, config, replay_stories[rows, :-1]).log_softmax(-1)
            reference = anchor_logprobs[rows]
            loss = loss + replay["klWeight"] * (reference.exp() * (reference - student)).sum(-1).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), job["clip"])
        optimizer.step()
        losses.append(target_loss.item())
    return FineTuned(weights={name: tensor.detach() for name, tensor in params.items()}, losses=losses, held_out=held_out)


def run_job(job: dict) -> dict:
    """Runs one fine-tuning job; writes the GGUF and the metrics file and returns the metrics."""
    job = validate_job(job)
    started = time.monotonic()
    base = read_model(job["base"])
    result = fine_tune(job, base, base)
    Path(job["out"]).parent.mkdir(parents=True, exist_ok=True)
    write_model(base, result.weights, job["out"])
    probes = job["probes"]
    answers = generate(result.weights, base.config, [p["prompt"] for p in probes], max([int(p.get("steps", 4)) for p in probes], default=0), 0.0, None) if probes else []
    held_out = result.held_out
    metrics = {
        "factLoss": {"first": result.losses[0], "last": result.losses[-1]},
        "heldOutNll": {"base": mean_nll(base.weights, base.config, held_out), "trained": mean_nll(result.weights, base.config, held_out)} if len(held_out) else None,
        "probes": {p["id"]: answer[: int(p.get("steps", 4))] for p, answer in zip(probes, answers)},
        "steps": job["steps"],
        "seconds": round(time.monotonic() - started, 2),
    }
    Path(job["metrics"]).write_text(json.dumps(metrics, indent=1) + "\n")
    return metrics
