import hashlib
import tempfile
import unittest
from pathlib import Path

import torch

import gguf
from relaytrain.gguf_io import read_model, write_model
from tests.support import STORIES_260K, STORIES_656K_Q8, require_models


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class GgufRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_models()

    def test_unchanged_weights_write_a_byte_identical_file(self):
        for source in (STORIES_260K, STORIES_656K_Q8):
            with self.subTest(source.name), tempfile.TemporaryDirectory() as tmp:
                model = read_model(source)
                out = Path(tmp) / "copy.gguf"
                write_model(model, model.weights, out)
                self.assertEqual(digest(source), digest(out))

    def test_changed_weights_keep_metadata_order_and_types(self):
        model = read_model(STORIES_656K_Q8)
        weights = dict(model.weights)
        weights["blk.0.attn_q.weight"] = weights["blk.0.attn_q.weight"] + 0.01
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "changed.gguf"
            write_model(model, weights, out)
            written = gguf.GGUFReader(str(out))
            self.assertEqual(list(model.reader.fields), list(written.fields))
            self.assertEqual([(t.name, t.tensor_type) for t in model.reader.tensors], [(t.name, t.tensor_type) for t in written.tensors])
            reread = read_model(out)
            # Q8_0 keeps about 2-3 significant digits: the change survives, the rest is bit-identical.
            self.assertLess((reread.weights["blk.0.attn_q.weight"] - weights["blk.0.attn_q.weight"]).abs().max().item(), 0.01)
            self.assertTrue(torch.equal(reread.weights["blk.1.attn_q.weight"], model.weights["blk.1.attn_q.weight"]))

    def test_config_reads_tied_and_untied_output(self):
        self.assertFalse(read_model(STORIES_260K).config.tied_output)
        self.assertTrue(read_model(STORIES_656K_Q8).config.tied_output)


if __name__ == "__main__":
    unittest.main()
