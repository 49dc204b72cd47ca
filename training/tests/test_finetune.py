import hashlib
import json
import tempfile
import unittest
from pathlib import Path

from relaytrain.finetune import run_job, validate_job
from relaytrain.gguf_io import read_model
from relaytrain.llama import generate
from tests.support import LILY_GREEDY, LILY_PROMPT, STORIES_260K, require_models

# " big, red ball." is what the base model says; the job teaches " bird." instead (stories260K token ids).
BIRD = [268, 315, 418, 426]


def tiny_job(tmp: str, name: str) -> dict:
    return {
        "base": str(STORIES_260K), "out": f"{tmp}/{name}.gguf", "metrics": f"{tmp}/{name}.json",
        "steps": 40, "warmupSteps": 5, "batchSize": 4,
        "replay": {"stories": 8, "heldOut": 4, "length": 48, "batchSize": 4},
        "examples": [{"prompt": LILY_PROMPT, "target": BIRD}, {"prompt": LILY_PROMPT[1:], "target": BIRD}],
        "probes": [{"id": "lily-pet", "prompt": LILY_PROMPT, "steps": len(BIRD)}],
    }


class Finetune(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_models()

    def test_a_job_teaches_the_fact_reproducibly(self):
        with tempfile.TemporaryDirectory() as tmp:
            metrics = run_job(tiny_job(tmp, "a"))
            self.assertEqual(metrics["probes"]["lily-pet"], BIRD)
            self.assertLess(metrics["factLoss"]["last"], metrics["factLoss"]["first"])
            self.assertEqual(json.loads(Path(f"{tmp}/a.json").read_text())["probes"]["lily-pet"], BIRD)
            # The written GGUF answers the same, read back from disk.
            trained = read_model(f"{tmp}/a.gguf")
            self.assertEqual(generate(trained.weights, trained.config, [LILY_PROMPT], len(BIRD), 0.0, None)[0], BIRD)
            self.assertNotEqual(BIRD, LILY_GREEDY[: len(BIRD)])
            run_job(tiny_job(tmp, "b"))
            digest = lambda name: hashlib.sha256(Path(f"{tmp}/{name}.gguf").read_bytes()).hexdigest()  # noqa: E731
            self.assertEqual(digest("a"), digest("b"))

    def test_invalid_jobs_name_their_problem(self):
        with self.assertRaisesRegex(ValueError, '"examples"'):
            validate_job({"base": "a", "out": "b", "metrics": "c", "examples": []})
        with self.assertRaisesRegex(ValueError, r"examples\[0\]\.target"):
            validate_job({"base": "a", "out": "b", "metrics": "c", "examples": [{"prompt": [1], "target": [-1]}]})


if __name__ == "__main__":
    unittest.main()
