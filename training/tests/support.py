"""Shared paths for the trainer's tests: the real models in ../shared/models beside the project."""
import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("RELAYLLM_SHARED_DIR", PROJECT.parent / "shared"))
STORIES_260K = SHARED / "models" / "stories260K.gguf"
STORIES_656K_Q8 = SHARED / "models" / "TinyStories-656K-Q8_0.gguf"

# "Once upon a time, there was a little girl named Lily. Lily had a pet. The pet was a" as node-llama-cpp
# tokenizes it for stories260K (BOS first), and the 12 tokens llama.cpp 's greedy decoding continues it with
# (" big, red ball. She loved to play"), both recorded with node-llama-cpp 3.22.1.
LILY_PROMPT = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 317, 381, 261, 282, 316, 426, 291, 282, 316, 286, 261]
LILY_GREEDY = [370, 432, 352, 266, 268, 388, 426, 338, 401, 396, 267, 337]


def require_models() -> None:
    for path in (STORIES_260K, STORIES_656K_Q8):
        if not path.exists():
            raise FileNotFoundError(f"missing shared model {path}: the tests need ../shared/models beside the project")


class CharTokenizer:
    """The relay rollout's tokenizer for scripted tests: one token per character, its id the code point."""

    def decode(self, ids):
        return "".join(chr(i) for i in ids)

    def encode_continuation(self, text):
        return [ord(c) for c in text]
