"""Supervised fine-tuning with a per-token loss mask and extra GGUF metadata: the warm-up and the expert-iteration
rounds of `relayllm train student` (the paper in miniature). Its own package, beside `relaytrain`, so the test
bed's cache key (which hashes `relaytrain/*.py`) does not change with it."""
