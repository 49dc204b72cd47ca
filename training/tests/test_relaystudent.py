import tempfile
import unittest

import gguf
from relaystudent.sft import run_sft, validate_sft_job
from relaytrain.finetune import masked_batch
from relaytrain.gguf_io import read_model
from tests.support import LILY_PROMPT, STORIES_260K, require_models

BIRD = [268, 315, 418, 426]


class RelayStudentSft(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_models()

    def test_masked_tokens_take_no_loss(self):
        examples = [{"prompt": [1, 5], "target": [7, 8, 9], "mask": [1, 0, 1]}, {"prompt": [1], "target": [4]}]
        inputs, labels = masked_batch(examples, [0, 1])
        self.assertEqual(inputs.tolist(), [[1, 5, 7, 8], [1, 0, 0, 0]])
        self.assertEqual(labels.tolist(), [[-100, 7, -100, 9], [4, -100, -100, -100]])

    def test_writes_the_metadata_and_keeps_the_rest(self):
        with tempfile.TemporaryDirectory() as tmp:
            job = {"base": str(STORIES_260K), "out": f"{tmp}/s.gguf", "metrics": f"{tmp}/s.json", "steps": 3, "warmupSteps": 1,
                   "batchSize": 2, "replay": {"stories": 2, "heldOut": 1, "length": 16, "batchSize": 2},
                   "examples": [{"prompt": LILY_PROMPT, "target": BIRD, "mask": [1, 1, 0, 1]}],
                   "metadata": {"relayllm.trained": True}}
            metrics = run_sft(job)
            self.assertEqual(metrics["examples"], 1)
            reader = gguf.GGUFReader(f"{tmp}/s.gguf")
            self.assertIs(reader.get_field("relayllm.trained").contents(), True)
            base = gguf.GGUFReader(str(STORIES_260K))
            self.assertEqual([f for f in reader.fields if f != "relayllm.trained"], list(base.fields))
            self.assertEqual(read_model(f"{tmp}/s.gguf").config, read_model(STORIES_260K).config)

    def test_invalid_masks_are_refused(self):
        job = {"base": "a", "out": "b", "metrics": "c", "examples": [{"prompt": [1], "target": [2, 3], "mask": [1]}]}
        with self.assertRaisesRegex(ValueError, r"examples\[0\]\.mask"):
            validate_sft_job(job)
        job["examples"][0]["mask"] = [0, 0]
        with self.assertRaisesRegex(ValueError, "masks every"):
            validate_sft_job(job)
