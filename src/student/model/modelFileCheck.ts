import { open, stat } from "node:fs/promises";
import type { GgufFileInfo, Llama } from "node-llama-cpp";
import { ModelLoadError } from "../../relay/errors";
import { errorMessage } from "../../util/errorMessage";
import type { NodeLlamaCpp } from "./nodeLlamaCpp";

/** What an incomplete or corrupted model file is called in every message about one. */
export const INCOMPLETE_MODEL = "the model file is incomplete or corrupted";

/**
 * Checks a local model file before llama.cpp loads it, so the error names the real cause instead of
 * llama.cpp's "Failed to load model": not a regular file, not GGUF, a header that cannot be read, or
 * fewer bytes than the header's tensors need (a download or copy cut short). Returns its GGUF info.
 */
export async function readCheckedModelFile(nlc: NodeLlamaCpp, llama: Llama, path: string): Promise<GgufFileInfo> {
    const stats = await stat(path).catch((error: unknown) => {
        throw new ModelLoadError(`Student model ${path} cannot be read: ${errorMessage(error)}.`, { cause: error });
    });
    if (stats.isDirectory()) throw new ModelLoadError(`Student model ${path} is a directory, not a .gguf file.`);
    if (!stats.isFile()) throw new ModelLoadError(`Student model ${path} is not a regular file.`);
    const magic = await readHead(path, 4);
    if (magic.length < 4 && magic.toString("latin1") === "GGUF".slice(0, magic.length)) {
        throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (${stats.size} bytes).`);
    }
    if (magic.toString("latin1") !== "GGUF") throw new ModelLoadError(`Student model ${path} is not a GGUF file (it does not start with "GGUF").`);

    let info: GgufFileInfo;
    try {
        info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
        // A header cut short can parse into an object without the parts every model has.
        if (typeof info.metadata?.general?.architecture !== "string") throw new Error("no general.architecture in the header");
    } catch (error) {
        throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (its GGUF header cannot be read: ${errorMessage(error)}).`, { cause: error });
    }
    if (info.splicedParts === 1 && info.infoEndOffset !== undefined) {
        const insights = await nlc.GgufInsights.from(info, llama);
        const expected = info.infoEndOffset + insights.modelSize;
        if (stats.size < expected) throw new ModelLoadError(`Student model ${path}: ${INCOMPLETE_MODEL} (${stats.size} bytes; its header describes ${expected}).`);
    }
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
