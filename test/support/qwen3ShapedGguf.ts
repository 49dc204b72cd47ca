import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { GGUF_TYPE, ggufEntry, ggufHead, ggufString, ggufTensor, u32 } from "./ggufBytes";

/**
 * Stand-ins for the published Qwen3 GGUFs, which cannot be downloaded here: a GGUF header with Qwen3's
 * architecture metadata and every tensor of its shape at the quantization's type, and a sparse data section
 * of the size those tensors take (zeros, no disk used). What reads only the header — node-llama-cpp's GGUF
 * insights estimating memory and size — sees what it sees upstream; K-quant mixes are simplified to one type
 * (Q4_K_M as all Q4_K), so those sizes come out a few percent under the real files'. Not a model to run.
 */
export interface Qwen3Shape {
    layers: number;
    hidden: number;
    feedForward: number;
    heads: number;
    kvHeads: number;
    /** Untied models have their own output matrix. */
    tiedEmbeddings: boolean;
}

/** From each model's config.json on Hugging Face (Qwen/Qwen3-*). */
export const qwen3Shapes = {
    "0.6B": { layers: 28, hidden: 1024, feedForward: 3072, heads: 16, kvHeads: 8, tiedEmbeddings: true },
    "4B": { layers: 36, hidden: 2560, feedForward: 9728, heads: 32, kvHeads: 8, tiedEmbeddings: true },
    "8B": { layers: 36, hidden: 4096, feedForward: 12288, heads: 32, kvHeads: 8, tiedEmbeddings: false },
} as const satisfies Record<string, Qwen3Shape>;

const HEAD_DIM = 128;
const VOCAB = 151_936;
const ALIGNMENT = 32;

/** ggml type ids, bytes per block and weights per block; `fileType` is llama.cpp's LLAMA_FTYPE for the whole file. */
const quantizations = {
    Q8_0: { type: 8, blockBytes: 34, blockWeights: 32, fileType: 7 },
    Q6_K: { type: 14, blockBytes: 210, blockWeights: 256, fileType: 18 },
    Q5_K_M: { type: 13, blockBytes: 176, blockWeights: 256, fileType: 17 },
    Q4_K_M: { type: 12, blockBytes: 144, blockWeights: 256, fileType: 15 },
} as const;
export type Qwen3Quantization = keyof typeof quantizations;

/** Writes the stand-in to `path`; returns its size in bytes. */
export function writeQwen3ShapedGguf(path: string, name: string, shape: Qwen3Shape, quantization: Qwen3Quantization): number {
    const quant = quantizations[quantization];
    const matrix = (rows: number, columns: number) => ({ dimensions: [columns, rows], type: quant.type, bytes: ((columns * rows) / quant.blockWeights) * quant.blockBytes });
    const vector = (length: number) => ({ dimensions: [length], type: 0, bytes: length * 4 });
    const tensors: Array<[string, ReturnType<typeof vector>]> = [["token_embd.weight", matrix(VOCAB, shape.hidden)], ["output_norm.weight", vector(shape.hidden)]];
    if (!shape.tiedEmbeddings) tensors.push(["output.weight", matrix(VOCAB, shape.hidden)]);
    for (let layer = 0; layer < shape.layers; layer++) {
        const block = (part: string, tensor: ReturnType<typeof vector>) => tensors.push([`blk.${layer}.${part}.weight`, tensor]);
        block("attn_norm", vector(shape.hidden));
        block("attn_q", matrix(shape.heads * HEAD_DIM, shape.hidden));
        block("attn_k", matrix(shape.kvHeads * HEAD_DIM, shape.hidden));
        block("attn_v", matrix(shape.kvHeads * HEAD_DIM, shape.hidden));
        block("attn_output", matrix(shape.hidden, shape.heads * HEAD_DIM));
        block("attn_q_norm", vector(HEAD_DIM));
        block("attn_k_norm", vector(HEAD_DIM));
        block("ffn_norm", vector(shape.hidden));
        block("ffn_gate", matrix(shape.feedForward, shape.hidden));
        block("ffn_up", matrix(shape.feedForward, shape.hidden));
        block("ffn_down", matrix(shape.hidden, shape.feedForward));
    }
    const entries = [
        ggufEntry("general.architecture", GGUF_TYPE.string, ggufString("qwen3")),
        ggufEntry("general.name", GGUF_TYPE.string, ggufString(name)),
        ggufEntry("general.file_type", GGUF_TYPE.uint32, u32(quant.fileType)),
        ggufEntry("general.alignment", GGUF_TYPE.uint32, u32(ALIGNMENT)),
        ggufEntry("qwen3.block_count", GGUF_TYPE.uint32, u32(shape.layers)),
        ggufEntry("qwen3.context_length", GGUF_TYPE.uint32, u32(40_960)),
        ggufEntry("qwen3.embedding_length", GGUF_TYPE.uint32, u32(shape.hidden)),
        ggufEntry("qwen3.feed_forward_length", GGUF_TYPE.uint32, u32(shape.feedForward)),
        ggufEntry("qwen3.attention.head_count", GGUF_TYPE.uint32, u32(shape.heads)),
        ggufEntry("qwen3.attention.head_count_kv", GGUF_TYPE.uint32, u32(shape.kvHeads)),
        ggufEntry("qwen3.attention.key_length", GGUF_TYPE.uint32, u32(HEAD_DIM)),
        ggufEntry("qwen3.attention.value_length", GGUF_TYPE.uint32, u32(HEAD_DIM)),
        ggufEntry("qwen3.vocab_size", GGUF_TYPE.uint32, u32(VOCAB)),
    ];
    let offset = 0;
    const infos = tensors.map(([tensorName, tensor]) => {
        const info = ggufTensor(tensorName, tensor.dimensions, offset, tensor.type);
        offset += Math.ceil(tensor.bytes / ALIGNMENT) * ALIGNMENT;
        return info;
    });
    const header = Buffer.concat([ggufHead(tensors.length, entries.length), ...entries, ...infos]);
    const size = Math.ceil(header.length / ALIGNMENT) * ALIGNMENT + offset;
    const fd = openSync(path, "w");
    try {
        writeSync(fd, header);
        ftruncateSync(fd, size);
    } finally {
        closeSync(fd);
    }
    return size;
}
