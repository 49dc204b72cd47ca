"""Supervised fine-tuning of a llama GGUF (relaytrain's `fine_tune`), anchored to a model of its own and written
back with extra metadata.

A job is relaytrain's (finetune.py, per-token `mask` included) plus two things:

    {"base": "in.gguf", "out": "out.gguf", "metrics": "m.json", "anchor": "student.gguf",
     "metadata": {"relayllm.trained": true},
     "examples": [{"prompt": [1, 403, ...], "target": [260, 31, ...], "mask": [1, 1, 0, 1]}], ...}

A relay rollout's teacher tokens are masked, so the student learns when to call and what to write itself, not the
teacher's text (the reference's GRPO does not mask them; docs/training.md).
- `anchor` (optional, default `base`): the model whose own sampled stories the KL replay keeps the result
  close to. Every round of `relayllm train student` anchors to the test bed's original student, so the
  rounds do not drift from it one after another.
- `metadata`: keys added to (or replacing) the base file's metadata; booleans, integers, floats and strings.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import gguf
from relaytrain.finetune import fine_tune, mean_nll, validate_job
from relaytrain.gguf_io import GgufModel, read_model, write_model


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
    metadata = merged.get("metadata", {})
    if not isinstance(metadata, dict):
        raise ValueError('"metadata" must be an object')
    anchor = merged.get("anchor", merged["base"])
    if not isinstance(anchor, str) or not anchor:
        raise ValueError('"anchor" must be a non-empty string')
    return {**merged, "metadata": metadata, "anchor": anchor}


def run_sft(job: dict) -> dict:
    """Runs one job; writes the GGUF (with the job's metadata) and the metrics file, returns the metrics."""
    job = validate_sft_job(job)
    started = time.monotonic()
    base = read_model(job["base"])
    anchor = base if job["anchor"] == job["base"] else read_model(job["anchor"])
    if anchor.config != base.config:
        raise ValueError(f"the anchor {job['anchor']} is not the same architecture as the base")
    result = fine_tune(job, base, anchor)
    Path(job["out"]).parent.mkdir(parents=True, exist_ok=True)
    write_with_metadata(base, result.weights, job["out"], job["metadata"])
    held_out = result.held_out
    metrics = {
        "loss": {"first": result.losses[0], "last": result.losses[-1]},
        "heldOutNll": {"anchor": mean_nll(anchor.weights, base.config, held_out), "trained": mean_nll(result.weights, base.config, held_out)} if len(held_out) else None,
        "examples": len(job["examples"]),
        "steps": job["steps"],
        "seconds": round(time.monotonic() - started, 2),
    }
    Path(job["metrics"]).write_text(json.dumps(metrics, indent=1) + "\n")
    return metrics
