"""Masked supervised fine-tuning of a llama GGUF, written back with extra metadata.

A job is relaytrain's (finetune.py) plus three things:

    {"base": "in.gguf", "out": "out.gguf", "metrics": "m.json", "anchor": "student.gguf",
     "metadata": {"relayllm.trained": true},
     "examples": [{"prompt": [1, 403, ...], "target": [260, 31, ...], "mask": [1, 1, 0, 1]}], ...}

- `mask` (optional, one 0/1 per target token): 0 takes no loss on that token. A relay rollout's teacher tokens
  are masked, so the student learns when to call and what to write itself, not the teacher's text (the
  reference's GRPO does not mask them; docs/training.md).
- `anchor` (optional, default `base`): the model whose own sampled stories the KL replay keeps the result
  close to. Every round of `relayllm train student` anchors to the test bed's original student, so the
  rounds do not drift from it one after another.
- `metadata`: keys added to (or replacing) the base file's metadata; booleans, integers, floats and strings.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import torch
import torch.nn.functional as F

import gguf
from relaytrain.finetune import lr_at, mean_nll, validate_job
from relaytrain.gguf_io import GgufModel, read_model, write_model
from relaytrain.llama import forward, generate


class _ExtraField:
    """A metadata field to add, shaped like gguf-py's ReaderField as write_model reads it."""

    def __init__(self, name: str, value):
        self.name = name
        self._value = value
        if isinstance(value, bool):
            kind = gguf.GGUFValueType.BOOL
        elif isinstance(value, int):
            kind = gguf.GGUFValueType.INT32
        elif isinstance(value, float):
            kind = gguf.GGUFValueType.FLOAT32
        elif isinstance(value, str):
            kind = gguf.GGUFValueType.STRING
        else:
            raise ValueError(f"metadata {name!r}: only booleans, integers, floats and strings")
        self.types = [kind]

    def contents(self):
        return self._value


class _ReaderWithMetadata:
    """The base file's reader with extra fields appended (a replaced key keeps its place, new ones come last)."""

    def __init__(self, reader, extra: dict):
        self._reader = reader
        self.fields = dict(reader.fields)
        for name, value in extra.items():
            self.fields[name] = _ExtraField(name, value)

    def get_field(self, key):
        return self.fields.get(key)

    def __getattr__(self, name):
        return getattr(self._reader, name)


def write_with_metadata(model: GgufModel, weights: dict, path: str, metadata: dict) -> None:
    """relaytrain's writer (layout, order and types of the base file kept) with `metadata` added."""
    write_model(GgufModel(reader=_ReaderWithMetadata(model.reader, metadata), config=model.config, weights=model.weights), weights, path)


def validate_sft_job(job: dict) -> dict:
    merged = validate_job(job)
    for index, example in enumerate(merged["examples"]):
        mask = example.get("mask")
        if mask is None:
            continue
        if not isinstance(mask, list) or len(mask) != len(example["target"]) or not all(m in (0, 1) for m in mask):
            raise ValueError(f"examples[{index}].mask must be one 0 or 1 per target token")
        if sum(mask) == 0:
            raise ValueError(f"examples[{index}].mask masks every target token")
    metadata = merged.get("metadata", {})
    if not isinstance(metadata, dict):
        raise ValueError('"metadata" must be an object')
    anchor = merged.get("anchor", merged["base"])
    if not isinstance(anchor, str) or not anchor:
        raise ValueError('"anchor" must be a non-empty string')
    return {**merged, "metadata": metadata, "anchor": anchor}


def masked_batch(examples: list[dict], indices: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded inputs and labels; -100 (no loss) on prompt tokens, padding and masked target tokens."""
    rows = [examples[i]["prompt"] + examples[i]["target"] for i in indices]
    width = max(len(row) for row in rows) - 1
    inputs = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    for r, i in enumerate(indices):
        row, start = rows[r], len(examples[i]["prompt"])
        inputs[r, : len(row) - 1] = torch.tensor(row[:-1])
        target = torch.tensor(row[start:])
        mask = examples[i].get("mask")
        if mask is not None:
            target = torch.where(torch.tensor(mask, dtype=torch.bool), target, torch.full_like(target, -100))
        labels[r, start - 1 : len(row) - 1] = target
    return inputs, labels


def run_sft(job: dict) -> dict:
    """Runs one job; writes the GGUF (with the job's metadata) and the metrics file, returns the metrics."""
    job = validate_sft_job(job)
    started = time.monotonic()
    torch.set_num_threads(int(job["threads"]))
    torch.use_deterministic_algorithms(True)
    generator = torch.Generator().manual_seed(int(job["seed"]))
    torch.manual_seed(int(job["seed"]))
    base = read_model(job["base"])
    config = base.config
    anchor = base if job["anchor"] == job["base"] else read_model(job["anchor"])
    if anchor.config != config:
        raise ValueError(f"the anchor {job['anchor']} is not the same architecture as the base")
    for index, example in enumerate(job["examples"]):
        if max(example["prompt"] + example["target"]) >= config.vocab_size:
            raise ValueError(f"examples[{index}] has a token id outside the vocabulary ({config.vocab_size})")

    replay = job["replay"]
    bos = [config.bos_token_id]
    count = replay["stories"] + replay["heldOut"]
    sampled = generate(anchor.weights, config, [bos] * count, replay["length"] - 1, 1.0, generator) if count else []
    stories = torch.tensor([bos + row for row in sampled], dtype=torch.long) if count else torch.zeros((0, 1), dtype=torch.long)
    replay_stories, held_out = stories[: replay["stories"]], stories[replay["stories"] :]
    if replay["stories"] > 0:
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
        sft_loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100)
        loss = sft_loss
        if replay["klWeight"] > 0 and replay["stories"] > 0:
            rows = torch.randint(replay["stories"], (replay["batchSize"],), generator=generator)
            student = forward(params, config, replay_stories[rows, :-1]).log_softmax(-1)
            reference = anchor_logprobs[rows]
            loss = loss + replay["klWeight"] * (reference.exp() * (reference - student)).sum(-1).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), job["clip"])
        optimizer.step()
        losses.append(sft_loss.item())

    trained = {name: tensor.detach() for name, tensor in params.items()}
    Path(job["out"]).parent.mkdir(parents=True, exist_ok=True)
    write_with_metadata(base, trained, job["out"], job["metadata"])
    metrics = {
        "loss": {"first": losses[0], "last": losses[-1]},
        "heldOutNll": {"anchor": mean_nll(anchor.weights, config, held_out), "trained": mean_nll(trained, config, held_out)} if len(held_out) else None,
        "examples": len(examples),
        "steps": job["steps"],
        "seconds": round(time.monotonic() - started, 2),
    }
    Path(job["metrics"]).write_text(json.dumps(metrics, indent=1) + "\n")
    return metrics
