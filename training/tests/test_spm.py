"""The toy trainer's SentencePiece tokenizer gives node-llama-cpp's tokens (fixture kept honest by
test/model/spmFixture.test.ts) and reads them back."""
import json
import unittest

from relaygrpo.spm import SpmTokenizer

from .support import PROJECT, STORIES_260K, require_models

FIXTURE = PROJECT / "test" / "fixtures" / "relay-rollout" / "spm-stories260K.json"


class SpmMatchesLlamaCpp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_models()
        cls.tokenizer = SpmTokenizer.from_gguf(STORIES_260K)
        cls.fixture = json.loads(FIXTURE.read_text())

    def test_documents_and_continuations(self):
        for case in self.fixture["cases"]:
            with self.subTest(text=case["text"]):
                self.assertEqual(self.tokenizer.encode(case["text"], bos=False), case["document"])
                self.assertEqual(self.tokenizer.encode_continuation(case["text"]), case["continuation"])

    def test_bos_and_round_trip(self):
        self.assertEqual(self.tokenizer.bos, self.fixture["bos"])
        for case in self.fixture["cases"]:
            with self.subTest(text=case["text"]):
                self.assertEqual(self.tokenizer.decode(case["continuation"]), case["text"])


if __name__ == "__main__":
    unittest.main()
