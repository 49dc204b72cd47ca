import { open, stat } from "node:fs/promises";
import type { GgufFileInfo, Llama } from "node-llama-cpp";
import { ModelLoadError } from "../../relay/errors";
import { errorMessage } from "../../util/errorMessage";
import { checkGgufHeader, GgufHeaderError } from "./ggufHeaderCheck";
import type { NodeLlamaCpp } from "./nodeLlamaCpp";

/** What an incomplete or corrupted model file is called in every message about one. */
export const INCOMPLETE_MODEL = "the model file is incomplete or corrupted";

/**
 * Checks a local model file before anything else reads it, so the error names the real cause instead of
 * llama.cpp's "Failed to load model", and a hostile header cannot make node-llama-cpp's reader spin: not a
 * regular file, not GGUF, or a header whose counts, lengths, shapes or offsets the file cannot hold
 * (`checkGgufHeader`: a hostile file or a header cut short). Needs no node-llama-cpp, so it fails in
 * milliseconds. Throws ModelLoadError.
 */
export async function checkModelFile(path: string): Promise<void> {
    const stats = await stat(path).catch((error: unknown) => {
        throw new ModelLoadError(`Student model ${path} cannot be read: ${errorMessage(error)}.`, { cause: error });
    });
    if (stats.isDirectory()) throw new ModelLoadError(`Student model ${path} is a directory, not a .gguf file.`);
    if (!stats.isFile()) throw new ModelLoadError(`Student model ${path} is not a regular file.`);
    const head = await readHead(path, 8);
    const magic = head.subarray(0, 4).toString("latin1");
    if (head.length < 8 && magic === "GGUF".slice(0, magic.length)) {
        throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (${stats.size} bytes).`);
    }
    if (magic !== "GGUF") throw new ModelLoadError(`Student model ${path} is not a GGUF file (it does not start with "GGUF").`);
    // Version 1 had 32-bit counts; node-llama-cpp reads every later version as version 3, and so does the walk.
    if (head.readUInt32LE(4) === 1) throw new ModelLoadError(`Student model ${path} is GGUF version 1, which llama.cpp no longer reads.`);

    try {
        checkGgufHeader(path, stats.size);
    } catch (error) {
        if (error instanceof GgufHeaderError) throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (${error.message}).`, { cause: error });
        throw new ModelLoadError(`Student model ${path} cannot be read: ${errorMessage(error)}.`, { cause: error });
    }
}

/**
 * Reads the GGUF info of a file that passed {@link checkModelFile} with node-llama-cpp, and checks that the
 * file holds every tensor's bytes by the sizes of the ggml types this llama.cpp build knows (a download or
 * copy cut short). Throws ModelLoadError.
 */
export async function readModelFileInfo(nlc: NodeLlamaCpp, llama: Llama, path: string): Promise<GgufFileInfo> {
    let info: GgufFileInfo;
    let expected: number | undefined;
    try {
        info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
        // A header cut short can parse into an object without the parts every model has.
        if (typeof info.metadata?.general?.architecture !== "string") throw new Error("no general.architecture in the header");
        // An unknown ggml type makes the size arithmetic throw.
        if (info.splicedParts === 1 && info.infoEndOffset !== undefined) expected = info.infoEndOffset + (await nlc.GgufInsights.from(info, llama)).modelSize;
    } catch (error) {
        throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (its GGUF header cannot be read: ${errorMessage(error)}).`, { cause: error });
    }
    const { size } = await stat(path);
    if (expected !== undefined && size < expected) throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (${size} bytes; its header describes ${expected}).`);
    return info;
}

async function readHead(path: string, length: number): Promise<Buffer> {
    const file = await open(path, "r");
    try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await file.read(buffer, 0, length, 0);
        return buffer.subarray(0, bytesRead);
    } finally {
        await file.close();
    }
}
