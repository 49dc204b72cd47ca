"""llama.cpp's SentencePiece (SPM) tokenizer, read from a GGUF's vocabulary, for the toy trainer's relay rollout.

The relay rollout turns the teacher's text into the student's tokens (at real scale the student's Hugging Face
tokenizer does this). The algorithm is llama.cpp's `llm_tokenizer_spm`: the text's spaces become "▁", each UTF-8
character is a symbol, the adjacent pair whose merge is in the vocabulary with the highest score (leftmost on a
tie) is merged until none is left, and a symbol that is not a token is written as its bytes (<0xNN> tokens).
`encode_continuation` does not add the space prefix, so text that continues a context reads back exactly (what
src/student/decoding/continuationTokenizer.ts does with node-llama-cpp). Tests compare it with node-llama-cpp's
tokens (test/fixtures/relay-rollout/spm-stories260K.json).
"""
from __future__ import annotations

import heapq
from pathlib import Path

import gguf

TOKEN_NORMAL, TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_USER_DEFINED, TOKEN_UNUSED, TOKEN_BYTE = 1, 2, 3, 4, 5, 6


class SpmTokenizer:
    def __init__(self, tokens: list[str], scores: list[float], types: list[int], bos: int, eos: int, add_space_prefix: bool = True):
        self.tokens, self.scores, self.types = tokens, scores, types
        self.bos, self.eos, self.add_space_prefix = bos, eos, add_space_prefix
        self.ids = {text: index for index, text in enumerate(tokens)}
        self.byte_ids = {}
        for index, (text, kind) in enumerate(zip(tokens, types)):
            if kind == TOKEN_BYTE and text.startswith("<0x") and text.endswith(">"):
                self.byte_ids[int(text[3:-1], 16)] = index

    @classmethod
    def from_gguf(cls, path: str | Path) -> "SpmTokenizer":
        reader = gguf.GGUFReader(str(path))
        field = lambda key, default=None: default if reader.get_field(key) is None else reader.get_field(key).contents()  # noqa: E731
        model = field("tokenizer.ggml.model")
        if model != "llama":
            raise ValueError(f"{path}: tokenizer {model!r} is not SentencePiece ('llama')")
        return cls(list(field("tokenizer.ggml.tokens")), [float(s) for s in field("tokenizer.ggml.scores")],
                   [int(t) for t in field("tokenizer.ggml.token_type")], int(field("tokenizer.ggml.bos_token_id")),
                   int(field("tokenizer.ggml.eos_token_id")), bool(field("tokenizer.ggml.add_space_prefix", True)))

    def _tokenize(self, text: str) -> list[int]:
        if not text:
            return []
        symbols = list(text.replace(" ", "\u2581"))
        alive = [True] * len(symbols)
        prev = list(range(-1, len(symbols) - 1))
        nxt = list(range(1, len(symbols))) + [-1]
        queue: list[tuple[float, int, int, int]] = []
        merges: dict[str, tuple[str, str]] = {}

        def try_add(left: int, right: int) -> None:
            if left == -1 or right == -1:
                return
            merged = symbols[left] + symbols[right]
            token = self.ids.get(merged)
            if token is None:
                return
            heapq.heappush(queue, (-self.scores[token], left, right, len(merged)))
            merges[merged] = (symbols[left], symbols[right])

        for i in range(1, len(symbols)):
            try_add(i - 1, i)
        while queue:
            _, left, right, size = heapq.heappop(queue)
            if not alive[left] or not alive[right] or len(symbols[left]) + len(symbols[right]) != size or nxt[left] != right:
                continue
            symbols[left] += symbols[right]
            alive[right] = False
            nxt[left] = nxt[right]
            if nxt[right] != -1:
                prev[nxt[right]] = left
            try_add(prev[left], left)
            try_add(left, nxt[left])

        out: list[int] = []

        def resegment(piece: str) -> None:
            token = self.ids.get(piece)
            if token is not None:
                out.append(token)
                return
            split = merges.get(piece)
            if split is None:
                out.extend(self.byte_ids[b] for b in piece.encode("utf-8"))
                return
            resegment(split[0])
            resegment(split[1])

        i = 0
        while i != -1:
            if alive[i]:
                resegment(symbols[i])
            i = nxt[i]
        return out

    def encode(self, text: str, bos: bool = True) -> list[int]:
        """A prompt as llama.cpp tokenizes a document: BOS, then the text with the space prefix."""
        return ([self.bos] if bos else []) + self._tokenize((" " if self.add_space_prefix else "") + text)

    def encode_continuation(self, text: str) -> list[int]:
        """Text that continues a context: no BOS, no space prefix."""
        return self._tokenize(text)

    def decode(self, ids: list[int], strip_first_space: bool = False) -> str:
        """The text of some tokens; control tokens (BOS, EOS) are empty."""
        data = bytearray()
        for token in ids:
            kind = self.types[token]
            if kind == TOKEN_BYTE:
                data.append(int(self.tokens[token][3:-1], 16))
            elif kind in (TOKEN_NORMAL, TOKEN_USER_DEFINED):
                data.extend(self.tokens[token].replace("\u2581", " ").encode("utf-8"))
        text = data.decode("utf-8", errors="replace")
        return text[1:] if strip_first_space and text.startswith(" ") else text
