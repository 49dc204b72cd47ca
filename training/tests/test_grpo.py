"""GRPO's loss on numbers worked out by hand (training/relaygrpo/grpo.py)."""
import math
import unittest

import torch

from relaygrpo.grpo import LossConfig, group_advantages, grpo_loss, low_var_kl, policy_loss


class GroupAdvantages(unittest.TestCase):
    def test_normalized_per_group_with_unbiased_std(self):
        # Group a: rewards 1, 0, 0, 1: mean 0.5, unbiased std sqrt(4 * 0.25 / 3) = 0.57735.
        # Group b: 1.5, 1.5: std 0, so (r - mean) / 1e-6 = 0.
        adv = group_advantages([1, 0, 0, 1, 1.5, 1.5], ["a", "a", "a", "a", "b", "b"])
        expected = 0.5 / (math.sqrt(1 / 3) + 1e-6)
        for got, want in zip(adv, [expected, -expected, -expected, expected, 0.0, 0.0]):
            self.assertAlmostEqual(got, want, places=9)

    def test_a_group_of_one_is_refused(self):
        with self.assertRaises(ValueError):
            group_advantages([1.0], ["a"])


class PolicyLoss(unittest.TestCase):
    def per_token(self, ratio, advantage):
        old = torch.tensor([[math.log(0.2)]])
        new = old + math.log(ratio)
        loss, _ = policy_loss(new, old, torch.tensor([[float(advantage)]]), torch.ones(1, 1))
        return loss.item()

    def test_positive_advantage_clipped_above_at_1_3(self):
        self.assertAlmostEqual(self.per_token(1.5, 1.0), -1.3, places=5)   # max(-1.5, -1.3)
        self.assertAlmostEqual(self.per_token(1.1, 1.0), -1.1, places=5)   # inside the range
        self.assertAlmostEqual(self.per_token(0.5, 1.0), -0.5, places=5)   # max(-0.5, -0.8): no lower clip for A > 0

    def test_negative_advantage_clipped_below_at_0_8_and_dual_clipped_at_3(self):
        self.assertAlmostEqual(self.per_token(0.5, -1.0), 0.8, places=5)   # max(0.5, 0.8)
        self.assertAlmostEqual(self.per_token(2.0, -1.0), 2.0, places=5)   # max(2, 1.3), under 3
        self.assertAlmostEqual(self.per_token(4.0, -1.0), 3.0, places=5)   # min(max(4, 1.3), 3): dual clip

    def test_token_mean_over_the_mask(self):
        old = torch.log(torch.tensor([[0.5, 0.5, 0.5]]))
        new = torch.log(torch.tensor([[0.5, 0.55, 0.9]]))  # ratios 1, 1.1, 1.8
        adv = torch.full((1, 3), 2.0)
        loss, _ = policy_loss(new, old, adv, torch.tensor([[1.0, 1.0, 0.0]]))
        self.assertAlmostEqual(loss.item(), (-2.0 - 2.2) / 2, places=5)


class Kl(unittest.TestCase):
    def test_low_var_kl_by_hand(self):
        # ref - logp = log(0.25 / 0.5) = -log 2: exp(-log 2) + log 2 - 1 = 0.5 + 0.693147 - 1.
        value = low_var_kl(torch.log(torch.tensor([0.5])), torch.log(torch.tensor([0.25]))).item()
        self.assertAlmostEqual(value, 0.5 + math.log(2) - 1, places=6)
        self.assertEqual(low_var_kl(torch.tensor([-1.0]), torch.tensor([-1.0])).item(), 0.0)

    def test_loss_adds_kl_times_its_coefficient(self):
        logp = torch.log(torch.tensor([[0.5, 0.5]]))
        ref = torch.log(torch.tensor([[0.25, 0.5]]))
        adv = torch.tensor([[1.0, 1.0]])
        loss, metrics = grpo_loss(logp, logp.clone(), ref, adv, torch.ones(1, 2), LossConfig(kl_coef=0.01))
        kl = (0.5 + math.log(2) - 1) / 2
        self.assertAlmostEqual(metrics["kl"], kl, places=6)
        self.assertAlmostEqual(loss.item(), -1.0 + 0.01 * kl, places=6)

    def test_the_gradient_of_an_unclipped_token_is_minus_the_advantage(self):
        # d/dlogp of -A * exp(logp - old) at logp = old is -A; the mean over 2 tokens halves it.
        logp = torch.log(torch.tensor([[0.3, 0.6]])).requires_grad_(True)
        loss, _ = policy_loss(logp, logp.detach().clone(), torch.tensor([[0.7, -0.4]]), torch.ones(1, 2))
        loss.backward()
        self.assertAlmostEqual(logp.grad[0, 0].item(), -0.35, places=6)
        self.assertAlmostEqual(logp.grad[0, 1].item(), 0.2, places=6)


if __name__ == "__main__":
    unittest.main()
