import { readFileSync, writeFileSync } from "node:fs";

/**
 * Copies a GGUF file with extra string metadata. Tensor offsets are relative to the aligned data section,
 * so only the header grows; the data section is re-aligned after it.
 */
export function withStringMetadata(source: string, target: string, extra: Record<string, string>): void {
    const file = readFileSync(source);
    let at = 4 + 4; // magic, version
    const u32 = () => ((at += 4), file.readUInt32LE(at - 4));
    const u64 = () => ((at += 8), Number(file.readBigUInt64LE(at - 8)));
    const str = () => {
        const length = u64();
        at += length;
        return file.toString("utf8", at - length, at);
    };
    const scalarSizes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
    const skipValue = (type: number): void => {
        if (type === 8) str();
        else if (type === 9) {
            const itemType = u32();
            for (let count = u64(); count > 0; count--) skipValue(itemType);
        } else at += scalarSizes[type]!;
    };
    const tensorCount = u64();
    const kvCountAt = at;
    const kvCount = u64();
    let alignment = 32;
    for (let i = 0; i < kvCount; i++) {
        const key = str();
        const type = u32();
        if (key === "general.alignment") alignment = file.readUInt32LE(at);
        skipValue(type);
    }
    const kvEnd = at;
    for (let i = 0; i < tensorCount; i++) {
        str();
        const dimensions = u32();
        at += 8 * dimensions + 4 + 8; // dimension sizes, type, offset
    }
    const infoEnd = at;
    const encode = (text: string) => {
        const bytes = Buffer.from(text, "utf8");
        const length = Buffer.alloc(8);
        length.writeBigUInt64LE(BigInt(bytes.length));
        return Buffer.concat([length, bytes]);
    };
    const stringType = Buffer.alloc(4);
    stringType.writeUInt32LE(8);
    const added = Object.entries(extra).map(([key, value]) => Buffer.concat([encode(key), stringType, encode(value)]));
    const count = Buffer.alloc(8);
    count.writeBigUInt64LE(BigInt(kvCount + added.length));
    const header = Buffer.concat([file.subarray(0, kvCountAt), count, file.subarray(kvCountAt + 8, kvEnd), ...added, file.subarray(kvEnd, infoEnd)]);
    const padding = Buffer.alloc((alignment - (header.length % alignment)) % alignment);
    writeFileSync(target, Buffer.concat([header, padding, file.subarray(Math.ceil(infoEnd / alignment) * alignment)]));
}
