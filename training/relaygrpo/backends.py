"""The toy trainer's student and teacher for the relay rollout: the student sampled from the weights being trained
(temperature 1.0, no top-k/top-p/min-p: the policy GRPO optimizes), the teacher any OpenAI-compatible server's
`/v1/completions` (the test bed's llama-server), through the standard library only."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Sequence

import torch

from relaytrain.llama import forward

from .rollout import StudentTurn, TeacherReply
from .spm import SpmTokenizer

STOP = "</call>"


class TorchStudent:
    """Samples turns from llama weights held in memory; contexts of equal length are sampled as one batch."""

    def __init__(self, weights, config, tokenizer: SpmTokenizer, generator: torch.Generator, temperature: float = 1.0):
        self.weights, self.config, self.tokenizer, self.generator, self.temperature = weights, config, tokenizer, generator, temperature

    @torch.no_grad()
    def generate(self, contexts: Sequence[Sequence[int]], max_tokens: Sequence[int]) -> list[StudentTurn]:
        out: list[StudentTurn | None] = [None] * len(contexts)
        by_length: dict[int, list[int]] = {}
        for index, context in enumerate(contexts):
            by_length.setdefault(len(context), []).append(index)
        for indices in by_length.values():
            tokens = torch.tensor([list(contexts[i]) for i in indices], dtype=torch.long)
            new: list[list[int]] = [[] for _ in indices]
            finish: list[str | None] = [None] * len(indices)
            for _ in range(max(max_tokens[i] for i in indices)):
                logits = forward(self.weights, self.config, tokens)[:, -1, :]
                nxt = torch.multinomial((logits / self.temperature).softmax(-1), 1, generator=self.generator).squeeze(-1)
                tokens = torch.cat((tokens, nxt[:, None]), dim=1)
                for row, i in enumerate(indices):
                    if finish[row] is not None:
                        continue
                    token = int(nxt[row])
                    new[row].append(token)
                    if token == self.tokenizer.eos:
                        finish[row] = "eos"
                    elif STOP in self.tokenizer.decode(new[row]):
                        finish[row] = "stop"
                    elif len(new[row]) >= max_tokens[i]:
                        finish[row] = "length"
                if all(f is not None for f in finish):
                    break
            for row, i in enumerate(indices):
                ids = new[row][:-1] if finish[row] == "eos" else new[row]
                out[i] = StudentTurn(ids=ids, text=self.tokenizer.decode(ids), finish=finish[row] or "length")
        return out  # type: ignore[return-value]


@dataclass
class CompletionsTeacher:
    """POST {url}/completions, one request per call. The reference's rollout sends only the prompt and max_tokens
    to its own server; the sampling fields here default to vLLM's defaults (temperature 1, no truncation)."""

    url: str
    model: str = "teacher"
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = -1
    min_p: float = 0.0
    timeout: float = 600.0
    seed: int = 0
    requests: int = 0

    def complete(self, prompts: Sequence[str], max_tokens: Sequence[int]) -> list[TeacherReply]:
        return [self._one(prompt, grant) for prompt, grant in zip(prompts, max_tokens)]

    def _one(self, prompt: str, grant: int) -> TeacherReply:
        self.requests += 1
        body = {"model": self.model, "prompt": prompt, "max_tokens": grant, "temperature": self.temperature,
                "top_p": self.top_p, "top_k": self.top_k, "min_p": self.min_p, "seed": self.seed + self.requests, "stream": False}
        request = urllib.request.Request(self.url.rstrip("/") + "/completions", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                choice = json.loads(response.read())["choices"][0]
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError) as error:
            return TeacherReply(text=f"[Error: {error}]", finish="error")
        finish = choice.get("finish_reason") or "stop"
        return TeacherReply(text=str(choice.get("text") or ""), finish="length" if finish == "length" else "stop")
