import { closeSync, openSync, readSync } from "node:fs";

/**
 * A GGUF header that the file cannot hold: a count, length or shape larger than the bytes left, a value
 * llama.cpp refuses, or a header that runs past the end of the file. `message` is the reason in words, to
 * follow "the model file is incomplete or corrupted": "its header claims 2^62 tensors in a 1 KB file".
 */
export class GgufHeaderError extends Error {}

/** Where the parts of a GGUF file lie, as its header describes them. */
export interface GgufLayout {
    tensorCount: number;
    metadataCount: number;
    /** Offset of the tensor data: the end of the tensor infos, aligned to `general.alignment`. */
    dataOffset: number;
}

/** Bits per element that every ggml type exceeds (the smallest, Q1_0, takes 1.125), so a whole file never falls short. */
const MIN_BITS_PER_ELEMENT = 1n;

/** The fewest bytes one metadata entry takes: key length (u64), a one-byte key, value type (u32), a one-byte value. */
const MIN_METADATA_ENTRY_BYTES = 8 + 1 + 4 + 1;
/** The fewest bytes one tensor info takes: name length (u64), n_dims (u32), type (u32), offset (u64). */
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;
/** llama.cpp's GGUF_MAX_STRING_LENGTH and GGUF_MAX_ARRAY_ELEMENTS (ggml/src/gguf.cpp): it reads no more. */
const LLAMA_MAX_STRING_BYTES = 2 ** 30;
const LLAMA_MAX_ARRAY_ELEMENTS = 2 ** 30;
/** llama.cpp's GGML_MAX_DIMS and GGML_MAX_NAME (the name's bytes plus a terminating zero). */
const LLAMA_MAX_DIMS = 4;
const LLAMA_MAX_TENSOR_NAME_BYTES = 63;
/**
 * The most values all metadata arrays may hold together. node-llama-cpp makes each value a JavaScript array
 * element (2^24 uint8 values: 2.5 s and 450 MB; 2^30 exhaust V8's heap), so a multi-gigabyte file could
 * still bring it down; the largest real vocabularies hold under 2^20 values in all (262,144 tokens with
 * their scores and types).
 */
const MAX_METADATA_ARRAY_VALUES = 2 ** 23;
/** Keys and names longer than this are skipped unread; the errors then number them instead. */
const MAX_NAME_READ_BYTES = 256;
const DEFAULT_ALIGNMENT = 32;
/** The GGUF value types (spec order) with the bytes one value takes; a string's is its length field. */
const VALUE_TYPES: ReadonlyArray<{ name: string; bytes: number }> = [
    { name: "uint8", bytes: 1 }, { name: "int8", bytes: 1 }, { name: "uint16", bytes: 2 }, { name: "int16", bytes: 2 },
    { name: "uint32", bytes: 4 }, { name: "int32", bytes: 4 }, { name: "float32", bytes: 4 }, { name: "bool", bytes: 1 },
    { name: "string", bytes: 8 }, { name: "array", bytes: 4 + 8 }, { name: "uint64", bytes: 8 }, { name: "int64", bytes: 8 },
    { name: "float64", bytes: 8 }
];
const STRING = 8;
const ARRAY = 9;
const UINT32 = 4;

/**
 * Walks the header of a GGUF file (magic checked; any version after 1, read as version 3 as node-llama-cpp
 * does) and bounds every count, length, shape and offset in it by the bytes the file has left, before
 * anything reads it for real: node-llama-cpp's JavaScript reader reads past the end of the file as zeros and
 * builds arrays as long as the header says, so a count of 2^62 tensors would grow it without end. Reads
 * through one 64 KiB window, skips long strings and fixed-size arrays unread and builds nothing from a count,
 * so it runs in constant memory and in time bounded by the file's size. Throws GgufHeaderError with the
 * reason; I/O errors pass through.
 */
export function checkGgufHeader(path: string, fileSize: number): GgufLayout {
    const fd = openSync(path, "r");
    try {
        return walkHeader(new HeaderCursor(fd, fileSize));
    } finally {
        closeSync(fd);
    }
}

function walkHeader(cursor: HeaderCursor): GgufLayout {
    const inFile = `in ${aFile(cursor.fileSize)}`;
    cursor.skip(4 + 4);
    const tensorCount = cursor.u64();
    const metadataCount = cursor.u64();
    if (tensorCount * BigInt(MIN_TENSOR_INFO_BYTES) > cursor.remaining) throw new GgufHeaderError(`its header claims ${countText(tensorCount)} tensors ${inFile}`);
    if (metadataCount * BigInt(MIN_METADATA_ENTRY_BYTES) > cursor.remaining) throw new GgufHeaderError(`its header claims ${countText(metadataCount)} metadata entries ${inFile}`);

    let alignment = DEFAULT_ALIGNMENT;
    let arrayValues = 0n;
    for (let index = 0; index < Number(metadataCount); index++) {
        const keyLength = stringLength(cursor, `its metadata entry #${index} claims a key`, inFile, LLAMA_MAX_STRING_BYTES);
        const key = keyLength <= MAX_NAME_READ_BYTES ? cursor.text(keyLength) : (cursor.skip(keyLength), undefined);
        const what = key === undefined ? `its metadata entry #${index}` : `its metadata key ${JSON.stringify(key)}`;
        const type = cursor.u32();
        if (key === "general.alignment") {
            if (type !== UINT32) throw new GgufHeaderError(`${what} is of type ${typeName(type)}, not uint32`);
            alignment = cursor.u32();
            if (alignment === 0 || (alignment & (alignment - 1)) !== 0) throw new GgufHeaderError(`${what} is ${alignment}, not a power of 2`);
        } else if (type === ARRAY) {
            arrayValues += skipArray(cursor, what, inFile, arrayValues);
        } else {
            skipValue(cursor, type, what, inFile);
        }
    }

    if (tensorCount * BigInt(MIN_TENSOR_INFO_BYTES) > cursor.remaining) throw new GgufHeaderError(`its header claims ${countText(tensorCount)} tensors ${inFile}`);
    let dataEnd = 0n;
    for (let index = 0; index < Number(tensorCount); index++) {
        const nameLength = stringLength(cursor, `its tensor #${index} claims a name`, inFile, LLAMA_MAX_TENSOR_NAME_BYTES);
        const what = `its tensor ${JSON.stringify(cursor.text(nameLength))}`;
        const dimensionCount = cursor.u32();
        if (dimensionCount > LLAMA_MAX_DIMS) throw new GgufHeaderError(`${what} claims ${countText(BigInt(dimensionCount))} dimensions (llama.cpp allows ${LLAMA_MAX_DIMS})`);
        const dimensions = Array.from({ length: dimensionCount }, () => cursor.u64());
        cursor.skip(4); // ggml type: llama.cpp checks it against the types it knows
        const offset = cursor.u64();
        const maxElements = (BigInt(cursor.fileSize) * 8n) / MIN_BITS_PER_ELEMENT;
        const elements = dimensions.reduce((product, dimension) => product * dimension, 1n);
        if (elements > maxElements || dimensions.some((dimension) => dimension > maxElements)) {
            throw new GgufHeaderError(`${what} claims a shape of ${dimensions.map(countText).join(" × ")} elements ${inFile}`);
        }
        const end = offset + (elements * MIN_BITS_PER_ELEMENT + 7n) / 8n;
        if (end > dataEnd) dataEnd = end;
    }

    const dataOffset = Math.ceil(cursor.position / alignment) * alignment;
    // Tensor data past the end is most often a download cut short: said as the bytes there are and the least needed.
    const needed = tensorCount === 0n ? 0n : BigInt(dataOffset) + dataEnd;
    if (needed > BigInt(cursor.fileSize)) throw new GgufHeaderError(`${cursor.fileSize} bytes; its header describes at least ${needed}`);
    return { tensorCount: Number(tensorCount), metadataCount: Number(metadataCount), dataOffset };
}

/** Skips an array value (after its type); returns its count, which with `valuesBefore` stays in bounds. */
function skipArray(cursor: HeaderCursor, what: string, inFile: string, valuesBefore: bigint): bigint {
    const itemType = cursor.u32();
    const count = cursor.u64();
    if (itemType === ARRAY) throw new GgufHeaderError(`${what} is an array of arrays, which llama.cpp does not read`);
    const itemBytes = VALUE_TYPES[itemType]?.bytes;
    if (itemBytes === undefined) throw new GgufHeaderError(`${what} is an array of unknown value type ${itemType}`);
    const items = itemType === STRING ? "strings" : `${typeName(itemType)} values (${sizeText(count * BigInt(itemBytes))})`;
    const values = `an array of ${countText(count)} ${items}`;
    if (count * BigInt(itemBytes) > cursor.remaining) throw new GgufHeaderError(`${what} claims ${values} ${inFile}`);
    if (count > LLAMA_MAX_ARRAY_ELEMENTS) throw new GgufHeaderError(`${what} claims ${values} (llama.cpp reads at most 2^30)`);
    if (valuesBefore + count > MAX_METADATA_ARRAY_VALUES) {
        const total = valuesBefore === 0n ? "" : ` (${countText(valuesBefore + count)} with the arrays before it)`;
        throw new GgufHeaderError(`${what} claims ${values}${total}, more than the ${countText(BigInt(MAX_METADATA_ARRAY_VALUES))} metadata values read into memory at most`);
    }
    if (itemType !== STRING) cursor.skip(Number(count) * itemBytes);
    else for (let index = 0; index < Number(count); index++) skipValue(cursor, STRING, what, inFile);
    return count;
}

function skipValue(cursor: HeaderCursor, type: number, what: string, inFile: string): void {
    const bytes = VALUE_TYPES[type]?.bytes;
    if (bytes === undefined) throw new GgufHeaderError(`${what} has unknown value type ${type}`);
    if (type !== STRING) return cursor.skip(bytes);
    cursor.skip(stringLength(cursor, `${what} claims a string`, inFile, LLAMA_MAX_STRING_BYTES));
}

/**
 * Reads a string's length. One over llama.cpp's `max` is named ("`claim` of 2^63 bytes in a 1 KB file"); a
 * smaller one that runs past the end is left to the read, which says the header runs past the end.
 */
function stringLength(cursor: HeaderCursor, claim: string, inFile: string, max: number): number {
    const length = cursor.u64();
    if (length > max) throw new GgufHeaderError(`${claim} of ${countText(length)} bytes ${length > cursor.remaining ? inFile : `(llama.cpp reads at most ${countText(BigInt(max))})`}`);
    return Number(length);
}

/** Sequential reads through one fixed window; reading or skipping past the end of the file throws. */
class HeaderCursor {
    private readonly window = Buffer.alloc(64 * 1024);
    private windowStart = 0;
    private windowEnd = 0;
    position = 0;

    constructor(private readonly fd: number, readonly fileSize: number) {}

    /** Bytes after the cursor. */
    get remaining(): bigint {
        return BigInt(this.fileSize - this.position);
    }

    u32(): number {
        return this.bytes(4).readUInt32LE(0);
    }

    u64(): bigint {
        return this.bytes(8).readBigUInt64LE(0);
    }

    /** `length` bytes as UTF-8; `length` is at most the window's size. */
    text(length: number): string {
        return this.bytes(length).toString("utf8");
    }

    skip(length: number): void {
        this.need(length);
        this.position += length;
    }

    private bytes(length: number): Buffer {
        this.need(length);
        if (this.position < this.windowStart || this.position + length > this.windowEnd) {
            const bytesRead = readSync(this.fd, this.window, 0, Math.min(this.window.length, this.fileSize - this.position), this.position);
            this.windowStart = this.position;
            this.windowEnd = this.position + bytesRead;
            if (bytesRead < length) throw new GgufHeaderError(`the file shrank while its header was read`);
        }
        const start = this.position - this.windowStart;
        this.position += length;
        return this.window.subarray(start, start + length);
    }

    private need(length: number): void {
        if (length > this.fileSize - this.position) throw new GgufHeaderError(`its header runs past the end of the ${sizedFile(this.fileSize)}`);
    }
}

function typeName(type: number): string {
    return VALUE_TYPES[type]?.name ?? `unknown value type ${type}`;
}

/** A count for people: "2^62", "2^64-1" near powers of two, else "1,234,567". */
function countText(count: bigint): string {
    if (count >= 2n ** 16n) {
        for (const [offset, suffix] of [[0n, ""], [1n, "-1"]] as const) {
            const value = count + offset;
            if ((value & (value - 1n)) === 0n) return `2^${value.toString(2).length - 1}${suffix}`;
        }
    }
    return count.toLocaleString("en-US");
}

/** A size in decimal units: "100 bytes", "1 KB", "4.3 GB". */
function sizeText(bytes: bigint | number): string {
    const units = ["KB", "MB", "GB", "TB", "PB", "EB", "ZB"];
    let value = Number(bytes);
    if (value < 1000) return `${value} bytes`;
    let unit = -1;
    while (value >= 1000 && unit < units.length - 1) (value /= 1000), unit++;
    return `${value < 10 ? Number(value.toFixed(1)) : Math.round(value)} ${units[unit]}`;
}

/** "a 1 KB file", "an 8 MB file", "a 100-byte file". */
function aFile(bytes: number): string {
    const file = sizedFile(bytes);
    return `${/^(8|1[18]\D)/.test(file) ? "an" : "a"} ${file}`;
}

/** "1 KB file", "100-byte file". */
function sizedFile(bytes: number): string {
    return `${bytes < 1000 ? `${bytes}-byte` : sizeText(bytes)} file`;
}
