"""A minimal llama forward pass over GGUF weights, matching llama.cpp's graph for the llama architecture."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .gguf_io import LlamaConfig


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope(x: torch.Tensor, positions: torch.Tensor, n_rot: int, base: float) -> torch.Tensor:
    """ggml's NORM rope: rotates adjacent pairs (x[2i], x[2i+1]) of the first n_rot dimensions. x: [B, T, H, D]."""
    inv_freq = base ** (-torch.arange(0, n_rot, 2, dtype=torch.float32) / n_rot)
    angles = positions.to(torch.float32)[:, None] * inv_freq[None, :]  # [T, n_rot/2]
    cos, sin = angles.cos()[None, :, None, :], angles.sin()[None, :, None, :]
    rotated, rest = x[..., :n_rot], x[..., n_rot:]
    even, odd = rotated[..., 0::2], rotated[..., 1::2]
    out = torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1).flatten(-2)
    return torch.cat((out, rest), dim=-1)


def forward(weights: dict[str, torch.Tensor], config: LlamaConfig, tokens: torch.Tensor) -> torch.Tensor:
    """Logits [B, T, vocab] for token ids [B, T] (causal; positions start at 0)."""
    batch, length = tokens.shape
    head_dim = config.dim // config.n_heads
    group = config.n_heads // config.n_kv_heads
    positions = torch.arange(length)
    mask = torch.full((length, length), float("-inf")).triu(1)
    x = F.embedding(tokens, weights["token_embd.weight"])
    for layer in range(config.n_layers):
        w = lambda name: weights[f"blk.{layer}.{name}.weight"]  # noqa: E731
        h = rms_norm(x, w("attn_norm"), config.rms_eps)
        q = (h @ w("attn_q").T).view(batch, length, config.n_heads, head_dim)
        k = (h @ w("attn_k").T).view(batch, length, config.n_kv_heads, head_dim)
        v = (h @ w("attn_v").T).view(batch, length, config.n_kv_heads, head_dim)
        q = rope(q, positions, config.n_rot, config.rope_base)
        k = rope(k, positions, config.n_rot, config.rope_base)
        # Grouped-query attention: query head i reads key/value head i // group, as ggml's broadcast does.
        k = k.repeat_interleave(group, dim=2)
        v = v.repeat_interleave(group, dim=2)
        scores = torch.einsum("bthd,bshd->bhts", q, k) / math.sqrt(head_dim) + mask
        attn = torch.einsum("bhts,bshd->bthd", scores.softmax(-1), v).reshape(batch, length, config.dim)
        x = x + attn @ w("attn_output").T
        h = rms_norm(x, w("ffn_norm"), config.rms_eps)
        x = x + (F.silu(h @ w("ffn_gate").T) * (h @ w("ffn_up").T)) @ w("ffn_down").T
    x = rms_norm(x, weights["output_norm.weight"], config.rms_eps)
    head = weights["token_embd.weight"] if config.tied_output else weights["output.weight"]
    return x @ head.T


@torch.no_grad()
def generate(weights, config: LlamaConfig, prompts: list[list[int]], steps: int, temperature: float, generator: torch.Generator | None) -> list[list[int]]:
    """Continues each prompt by `steps` tokens (greedy at temperature 0); returns only the new tokens. Prompts are
    grouped by length so no padding is needed."""
    out: list[list[int]] = [[] for _ in prompts]
    by_length: dict[int, list[int]] = {}
    for index, prompt in enumerate(prompts):
        by_length.setdefault(len(prompt), []).append(index)
    for indices in by_length.values():
        tokens = torch.tensor([prompts[i] for i in indices], dtype=torch.long)
        for _ in range(steps):
            logits = forward(weights, config, tokens)[:, -1, :]
            if temperature == 0:
                nxt = logits.argmax(-1)
            else:
                nxt = torch.multinomial((logits / temperature).softmax(-1), 1, generator=generator).squeeze(-1)
            tokens = torch.cat((tokens, nxt[:, None]), dim=1)
        for row, i in enumerate(indices):
            out[i] = tokens[row, len(prompts[i]):].tolist()
    return out
