"""GRPO's loss as the reference's EasyR1 fork computes it (RL_stage/verl/trainer/core_algos.py @ 7ca9084).

- advantage: (r - mean) / (std + eps) over the rollouts of one prompt, std unbiased (torch.std), eps 1e-6;
- policy loss: the clipped surrogate with a lower clip range (0.2), a higher one (0.3, DAPO's clip-higher) and
  dual clip (3.0: a negative advantage's loss is capped at -3 * A); the log-ratio clamped to ±20 first;
- KL: `low_var_kl` (Schulman's k3, exp(ref - logp) - (ref - logp) - 1, the difference clamped to ±20 and the
  result to ±10) to the reference model, added to the loss times `kl_coef` (0.01);
- "token" averaging: every unmasked response token of the mini-batch weighs the same.
Pure tensor functions: no model, no I/O.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable, Sequence

import torch


@dataclass(frozen=True)
class LossConfig:
    clip_low: float = 0.2
    clip_high: float = 0.3
    clip_dual: float = 3.0
    kl_coef: float = 0.01


def group_advantages(rewards: Sequence[float], groups: Sequence[Hashable], eps: float = 1e-6) -> list[float]:
    """Each reward minus its group's mean, over the group's unbiased standard deviation plus eps."""
    by_group: dict[Hashable, list[float]] = {}
    for reward, group in zip(rewards, groups):
        by_group.setdefault(group, []).append(float(reward))
    stats = {}
    for group, values in by_group.items():
        if len(values) < 2:
            raise ValueError("GRPO needs at least two rollouts per prompt")
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
        stats[group] = (mean, std)
    return [(float(r) - stats[g][0]) / (stats[g][1] + eps) for r, g in zip(rewards, groups)]


def masked_mean(values: torch.Tensor, mask: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    return (values * mask).sum() / (mask.sum() + eps)


def policy_loss(log_probs: torch.Tensor, old_log_probs: torch.Tensor, advantages: torch.Tensor, mask: torch.Tensor,
                config: LossConfig = LossConfig()) -> tuple[torch.Tensor, dict[str, float]]:
    """The clipped surrogate, token-averaged. All tensors [batch, response]; `advantages` already per token."""
    log_ratio = torch.clamp(log_probs - old_log_probs, -20.0, 20.0)
    ratio = torch.exp(log_ratio)
    clipped_ratio = torch.exp(torch.clamp(log_ratio, math.log(1.0 - config.clip_low), math.log(1.0 + config.clip_high)))
    loss1 = -advantages * ratio
    loss2 = -advantages * clipped_ratio
    loss3 = -advantages * config.clip_dual
    higher = torch.max(loss1, loss2)
    lower = torch.min(higher, loss3)
    per_token = torch.where(advantages < 0, lower, higher)
    metrics = {
        "clipfrac_higher": masked_mean((loss1 < loss2).float(), mask).item(),
        "clipfrac_lower": masked_mean(((higher > loss3) & (advantages < 0)).float(), mask).item(),
        "ppo_kl": masked_mean(-log_ratio, mask).item(),
    }
    return masked_mean(per_token, mask), metrics


def low_var_kl(log_probs: torch.Tensor, ref_log_probs: torch.Tensor) -> torch.Tensor:
    """Per-token k3 estimate of KL(policy || reference)."""
    kl = (ref_log_probs - log_probs).clamp(-20.0, 20.0)
    return torch.clamp(kl.exp() - kl - 1, min=-10.0, max=10.0)


def grpo_loss(log_probs: torch.Tensor, old_log_probs: torch.Tensor, ref_log_probs: torch.Tensor, advantages: torch.Tensor,
              mask: torch.Tensor, config: LossConfig = LossConfig()) -> tuple[torch.Tensor, dict[str, float]]:
    """Policy loss plus kl_coef times the token-averaged low-variance KL to the reference model."""
    pg, metrics = policy_loss(log_probs, old_log_probs, advantages, mask, config)
    kl = masked_mean(low_var_kl(log_probs, ref_log_probs), mask)
    metrics = {**metrics, "pg_loss": pg.item(), "kl": kl.item()}
    return pg + config.kl_coef * kl, metrics
