import unittest

import torch

from relaytrain.gguf_io import read_model
from relaytrain.llama import forward, generate, rope
from tests.support import LILY_GREEDY, LILY_PROMPT, STORIES_260K, require_models


class LlamaForward(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_models()
        torch.set_num_threads(1)
        cls.model = read_model(STORIES_260K)

    def test_greedy_decoding_matches_llama_cpp(self):
        out = generate(self.model.weights, self.model.config, [LILY_PROMPT], len(LILY_GREEDY), 0.0, None)
        self.assertEqual(out[0], LILY_GREEDY)

    def test_logits_are_causal(self):
        tokens = torch.tensor([LILY_PROMPT])
        changed = tokens.clone()
        changed[0, -1] = 5
        a = forward(self.model.weights, self.model.config, tokens)
        b = forward(self.model.weights, self.model.config, changed)
        self.assertTrue(torch.allclose(a[0, :-1], b[0, :-1], atol=1e-5))
        self.assertFalse(torch.allclose(a[0, -1], b[0, -1], atol=1e-3))

    def test_rope_rotates_adjacent_pairs(self):
        x = torch.zeros(1, 2, 1, 4)
        x[..., 0] = 1.0  # the pair (x0, x1) = (1, 0)
        out = rope(x, torch.arange(2), n_rot=4, base=10000.0)
        self.assertTrue(torch.allclose(out[0, 0, 0], x[0, 0, 0]))  # position 0: no rotation
        one = torch.tensor(1.0)
        self.assertTrue(torch.allclose(out[0, 1, 0], torch.tensor([one.cos(), one.sin(), 0.0, 0.0]), atol=1e-6))


if __name__ == "__main__":
    unittest.main()
