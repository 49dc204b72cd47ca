/** GGUF files written byte by byte (little-endian, version 3), for hostile-header tests. */

export const u32 = (value: number | bigint): Buffer => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(Number(value));
    return bytes;
};

export const u64 = (value: number | bigint): Buffer => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(value));
    return bytes;
};

/** A GGUF string: its byte length (u64), then its bytes. */
export const ggufString = (text: string): Buffer => Buffer.concat([u64(Buffer.byteLength(text)), Buffer.from(text)]);

/** GGUF value type ids. */
export const GGUF_TYPE = { uint8: 0, uint32: 4, float32: 6, string: 8, array: 9 } as const;

/** Magic, version 3, tensor count, metadata entry count. */
export const ggufHead = (tensorCount: number | bigint, metadataCount: number | bigint): Buffer =>
    Buffer.concat([Buffer.from("GGUF"), u32(3), u64(tensorCount), u64(metadataCount)]);

/** One metadata entry: key, value type, value bytes. */
export const ggufEntry = (key: string, type: number, value: Buffer): Buffer => Buffer.concat([ggufString(key), u32(type), value]);

/** One tensor info: name, n_dims, each dimension, ggml type (0 = F32), offset into the data section. */
export const ggufTensor = (name: string, dimensions: ReadonlyArray<number | bigint>, offset: number | bigint = 0, ggmlType = 0): Buffer =>
    Buffer.concat([ggufString(name), u32(dimensions.length), ...dimensions.map(u64), u32(ggmlType), u64(offset)]);

/**
 * A small well-formed F32 llama GGUF: a 4-token vocabulary (tokens, scores, token types) and two tensors,
 * data aligned to 32 bytes. Returns the file, the length of its header (without the padding after it) and
 * where its data section starts.
 */
export function smallModel(): { bytes: Buffer; headerLength: number; dataOffset: number } {
    const tokens = ["<unk>", "<s>", "</s>", "a"];
    const entries = [
        ggufEntry("general.architecture", GGUF_TYPE.string, ggufString("llama")),
        ggufEntry("general.name", GGUF_TYPE.string, ggufString("tiny")),
        ggufEntry("llama.context_length", GGUF_TYPE.uint32, u32(16)),
        ggufEntry("tokenizer.ggml.tokens", GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.string), u64(tokens.length), ...tokens.map(ggufString)])),
        ggufEntry("tokenizer.ggml.scores", GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.float32), u64(tokens.length), Buffer.alloc(4 * tokens.length)])),
        ggufEntry("general.alignment", GGUF_TYPE.uint32, u32(32)),
    ];
    const tensors = [ggufTensor("token_embd.weight", [8, 4], 0), ggufTensor("output_norm.weight", [8], 128)];
    const header = Buffer.concat([ggufHead(tensors.length, entries.length), ...entries, ...tensors]);
    const dataOffset = Math.ceil(header.length / 32) * 32;
    return { bytes: Buffer.concat([header, Buffer.alloc(dataOffset - header.length), Buffer.alloc(128 + 32)]), headerLength: header.length, dataOffset };
}
