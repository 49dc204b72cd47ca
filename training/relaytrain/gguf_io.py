"""Reads a llama GGUF into float32 torch tensors and writes it back with the original metadata, tensor order and types.

gguf-py comes from the llama.cpp source that the node-llama-cpp npm package ships (put on PYTHONPATH by the caller).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

import gguf


@dataclass(frozen=True)
class LlamaConfig:
    """The hyper-parameters of a llama GGUF that the forward pass needs."""

    n_layers: int
    dim: int
    n_heads: int
    n_kv_heads: int
    n_rot: int
    rope_base: float
    rms_eps: float
    vocab_size: int
    bos_token_id: int
    tied_output: bool


@dataclass
class GgufModel:
    """A GGUF file read into memory: its reader (metadata, tensor order and types), config and float32 weights."""

    reader: gguf.GGUFReader
    config: LlamaConfig
    weights: dict[str, torch.Tensor]


def _field(reader: gguf.GGUFReader, key: str, default=None):
    field = reader.get_field(key)
    return default if field is None else field.contents()


def read_model(path: str | Path) -> GgufModel:
    """Reads a llama-architecture GGUF; every tensor is dequantized to a float32 tensor of numpy's row-major shape."""
    reader = gguf.GGUFReader(str(path))
    arch = _field(reader, "general.architecture")
    if arch != "llama":
        raise ValueError(f"{path}: architecture {arch!r} is not supported (only llama)")
    weights: dict[str, torch.Tensor] = {}
    for tensor in reader.tensors:
        shape = tuple(int(n) for n in reversed(tensor.shape.tolist()))
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32).reshape(shape)
        weights[tensor.name] = torch.from_numpy(values.copy())
    dim = int(_field(reader, "llama.embedding_length"))
    n_heads = int(_field(reader, "llama.attention.head_count"))
    config = LlamaConfig(
        n_layers=int(_field(reader, "llama.block_count")),
        dim=dim,
        n_heads=n_heads,
        n_kv_heads=int(_field(reader, "llama.attention.head_count_kv", n_heads)),
        n_rot=int(_field(reader, "llama.rope.dimension_count", dim // n_heads)),
        rope_base=float(_field(reader, "llama.rope.freq_base", 10000.0)),
        rms_eps=float(_field(reader, "llama.attention.layer_norm_rms_epsilon", 1e-5)),
        vocab_size=weights["token_embd.weight"].shape[0],
        bos_token_id=int(_field(reader, "tokenizer.ggml.bos_token_id", 1)),
        tied_output="output.weight" not in weights,
    )
    return GgufModel(reader=reader, config=config, weights=weights)


def write_model(model: GgufModel, weights: dict[str, torch.Tensor], path: str | Path) -> None:
    """Writes `weights` in the layout of `model`'s file: every metadata field in its original order, the tensors in
    their original order and types (quantized types are quantized again). A tensor that was not changed keeps its
    original bytes, so a round trip without changes reproduces the file."""
    reader = model.reader
    writer = gguf.GGUFWriter(str(path), arch=_field(reader, "general.architecture"))
    # GGUFWriter puts general.architecture first; clearing its table keeps the original key order instead.
    writer.kv_data[0].clear()
    for field in reader.fields.values():
        if field.name.startswith("GGUF."):
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), value_type, sub_type=sub_type)
    datas = []
    for tensor in reader.tensors:
        original = model.weights[tensor.name]
        updated = weights[tensor.name].detach().to(torch.float32)
        if torch.equal(original, updated):
            data = tensor.data
        else:
            data = gguf.quants.quantize(updated.numpy().astype(np.float32), tensor.tensor_type)
        if data.nbytes != tensor.data.nbytes:
            raise ValueError(f"{tensor.name}: {data.nbytes} bytes after quantization, {tensor.data.nbytes} before")
        datas.append(data)
        writer.add_tensor_info(tensor.name, tensor.data.shape, tensor.data.dtype, tensor.data.nbytes, tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for data in datas:
        writer.write_tensor_data(data, tensor_endianess=reader.endianess)
    writer.close()
