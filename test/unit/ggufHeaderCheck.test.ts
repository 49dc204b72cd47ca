// Hostile GGUF headers, written byte by byte into a temporary folder: each ends in one clear line at once and
// in bounded memory, before node-llama-cpp's reader (which reads past the end as zeros and builds arrays as
// long as the header says) could spin on it. Huge files are sparse: extended with truncate, never written.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModelLoadError } from "../../src/relay/errors";
import { checkGgufHeader } from "../../src/student/model/ggufHeaderCheck";
import { checkModelFile } from "../../src/student/model/modelFileCheck";
import { importNodeLlamaCpp } from "../../src/student/model/nodeLlamaCpp";
import { GGUF_TYPE, ggufEntry, ggufHead, ggufString, ggufTensor, smallModel, u32, u64 } from "../support/ggufBytes";

const KB = 1024;
const MAX_MS = 2000;
const MAX_RSS_GROWTH = 64 * 1024 * 1024;

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), "relayllm-gguf-header-"))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` padded with zeros to `size` (sparse beyond the bytes) and returns its path. */
function gguf(name: string, bytes: Buffer, size = KB): string {
    const path = join(dir, `${name}.gguf`);
    writeFileSync(path, bytes);
    if (size > bytes.length) truncateSync(path, size);
    return path;
}

/** The check's one-line error for `path`, asserting it came quickly and without growing memory. */
async function rejection(path: string): Promise<string> {
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const error = await checkModelFile(path).then(() => undefined, (thrown: unknown) => thrown);
    const elapsed = performance.now() - started;
    assert.ok(error instanceof ModelLoadError, `expected a ModelLoadError, got ${String(error)}`);
    assert.ok(elapsed < MAX_MS, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(process.memoryUsage().rss - rss < MAX_RSS_GROWTH, `memory grew by ${process.memoryUsage().rss - rss} bytes`);
    assert.ok(!error.message.includes("\n"), error.message);
    assert.ok(error.message.startsWith(`Student model ${path}: the model file is incomplete or corrupted (`), error.message);
    return error.message;
}

const stringArray = (key: string, count: bigint) => ggufEntry(key, GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.string), u64(count)]));

describe("GGUF header check: hostile counts end in one line, at once, in bounded memory", () => {
    it("a tensor count of 2^62 or 2^64-1 in a 1 KB file", async () => {
        assert.match(await rejection(gguf("tensors-2e62", ggufHead(2n ** 62n, 0))), /\(its header claims 2\^62 tensors in a 1 KB file\)\.$/);
        assert.match(await rejection(gguf("tensors-max", ggufHead(2n ** 64n - 1n, 0))), /its header claims 2\^64-1 tensors in a 1 KB file/);
    });

    it("a metadata entry count of 2^62", async () => {
        assert.match(await rejection(gguf("entries-2e62", ggufHead(0, 2n ** 62n))), /its header claims 2\^62 metadata entries in a 1 KB file/);
    });

    it("a string array claiming 2^32 elements, and a uint8 array of 2^32", async () => {
        const strings = Buffer.concat([ggufHead(0, 1), stringArray("tokenizer.ggml.tokens", 2n ** 32n)]);
        assert.match(await rejection(gguf("string-array", strings)), /its metadata key "tokenizer\.ggml\.tokens" claims an array of 2\^32 strings in a 1 KB file/);
        const bytes = Buffer.concat([ggufHead(0, 1), ggufEntry("tokenizer.ggml.precompiled_charsmap", GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.uint8), u64(2n ** 32n)]))]);
        assert.match(await rejection(gguf("uint8-array", bytes)), /claims an array of 2\^32 uint8 values \(4\.3 GB\) in a 1 KB file/);
    });

    it("a string of 2^63 bytes, a key of 2^40 bytes", async () => {
        const value = Buffer.concat([ggufHead(0, 1), ggufString("general.name"), u32(GGUF_TYPE.string), u64(2n ** 63n)]);
        assert.match(await rejection(gguf("long-string", value)), /its metadata key "general\.name" claims a string of 2\^63 bytes in a 1 KB file/);
        assert.match(await rejection(gguf("long-key", Buffer.concat([ggufHead(0, 1), u64(2n ** 40n)]))), /its metadata entry #0 claims a key of 2\^40 bytes in a 1 KB file/);
    });

    it("a tensor with 2^31 dimensions, with dimensions whose product overflows 64 bits, with a huge name or offset", async () => {
        const dims = Buffer.concat([ggufHead(1, 0), ggufString("blk.0.attn_q.weight"), u32(2 ** 31)]);
        assert.match(await rejection(gguf("n-dims", dims)), /its tensor "blk\.0\.attn_q\.weight" claims 2\^31 dimensions \(llama\.cpp allows 4\)/);
        const cube = Buffer.concat([ggufHead(1, 0), ggufTensor("t", [2n ** 32n, 2n ** 32n, 2n ** 32n])]);
        assert.match(await rejection(gguf("shape-cube", cube)), /its tensor "t" claims a shape of 2\^32 × 2\^32 × 2\^32 elements in a 1 KB file/);
        // 2^33 × 2^31 wraps to 0 in 64-bit arithmetic.
        assert.match(await rejection(gguf("shape-wrap", Buffer.concat([ggufHead(1, 0), ggufTensor("t", [2n ** 33n, 2n ** 31n])]))), /claims a shape of 2\^33 × 2\^31 elements/);
        assert.match(await rejection(gguf("shape-zero", Buffer.concat([ggufHead(1, 0), ggufTensor("t", [0, 2n ** 63n])]))), /claims a shape of 0 × 2\^63 elements/);
        assert.match(await rejection(gguf("tensor-name", Buffer.concat([ggufHead(1, 0), u64(2n ** 63n)]))), /its tensor #0 claims a name of 2\^63 bytes in a 1 KB file/);
        // Data past the end reads like a download cut short: the data starts at 64, and 2^60 + 64 + 1 bytes are needed.
        assert.match(await rejection(gguf("tensor-offset", Buffer.concat([ggufHead(1, 0), ggufTensor("t", [4], 2n ** 60n)]))), /\(1024 bytes; its header describes at least 1152921504606847041\)\.$/);
    });

    it("values llama.cpp refuses: a nested array, an unknown value type, an alignment that is not a power of 2", async () => {
        const nested = Buffer.concat([ggufHead(0, 1), ggufEntry("x", GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.array), u64(2n ** 62n)]))]);
        assert.match(await rejection(gguf("nested", nested)), /its metadata key "x" is an array of arrays, which llama\.cpp does not read/);
        assert.match(await rejection(gguf("value-type", Buffer.concat([ggufHead(0, 1), ggufEntry("x", 13, u64(0))]))), /its metadata key "x" has unknown value type 13/);
        assert.match(await rejection(gguf("alignment", Buffer.concat([ggufHead(0, 1), ggufEntry("general.alignment", GGUF_TYPE.uint32, u32(3))]))), /"general\.alignment" is 3, not a power of 2/);
    });

    it("in a sparse 2 GB file: a uint8 array of 2^31 (over llama.cpp's 2^30), and 2^24 values (over what is read into memory)", async () => {
        const large = (count: bigint) => Buffer.concat([ggufHead(0, 1), ggufEntry("x", GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.uint8), u64(count)]))]);
        assert.match(await rejection(gguf("array-2e31", large(2n ** 31n), 2 ** 31 + KB)), /claims an array of 2\^31 uint8 values \(2\.1 GB\) \(llama\.cpp reads at most 2\^30\)/);
        assert.match(await rejection(gguf("array-2e24", large(2n ** 24n), 2 ** 31 + KB)), /claims an array of 2\^24 uint8 values \(17 MB\), more than the 2\^23 metadata values read into memory at most/);
        const bytes = ggufEntry("a", GGUF_TYPE.array, Buffer.concat([u32(GGUF_TYPE.uint8), u64(2 ** 22), Buffer.alloc(2 ** 22)]));
        const twoArrays = Buffer.concat([ggufHead(0, 2), bytes, stringArray("b", 2n ** 22n + 1n)]);
        assert.match(await rejection(gguf("arrays-over-2e23", twoArrays, 2 ** 31)), /its metadata key "b" claims an array of 4,194,305 strings \(8,388,609 with the arrays before it\), more than the 2\^23/);
    });

    it("every cut of a header (a download cut short) is 'incomplete or corrupted'", async () => {
        const { bytes, headerLength } = smallModel();
        for (let length = 0; length < headerLength; length++) {
            const message = await rejection(gguf("cut", bytes.subarray(0, length), length));
            // What the header claims, measured against the bytes the cut file has.
            const bound = new RegExp(`(\\(${length} bytes|in an? ${length}-byte file|runs past the end of the ${length}-byte file)\\)\\.$`);
            assert.match(message, bound);
        }
        // A whole header whose tensor data is cut: the bytes it has, and the least its header describes (8 F32
        // elements at offset 128, counted at 1 bit each).
        const { dataOffset } = smallModel();
        const cutData = await rejection(gguf("cut-data", bytes.subarray(0, dataOffset + 100), dataOffset + 100));
        assert.match(cutData, new RegExp(`\\(${dataOffset + 100} bytes; its header describes at least ${dataOffset + 128 + 1}\\)\\.$`));
    });
});

describe("GGUF header check: whole files pass", () => {
    it("a small well-formed model passes, and its data starts where node-llama-cpp's reader says", async () => {
        const { bytes, dataOffset } = smallModel();
        const path = gguf("small", bytes, bytes.length);
        await checkModelFile(path);
        assert.deepEqual(checkGgufHeader(path, bytes.length), { tensorCount: 2, metadataCount: 6, dataOffset });
        const nlc = await importNodeLlamaCpp();
        const info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
        assert.equal(info.infoEndOffset, dataOffset);
        assert.equal(info.metadata.general.architecture, "llama");
    });
});
