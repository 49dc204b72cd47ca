import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { AbortError, ModelLoadError } from "../../relay/errors";
import { errorMessage } from "../../util/errorMessage";
import { importNodeLlamaCpp } from "./nodeLlamaCpp";
import type { StudentModelOptions } from "./studentModelOptions";

const modelUriPattern = /^(hf:|huggingface:|https?:\/\/)/i;

/** True for model URIs node-llama-cpp downloads (`hf:`, `https://`…); anything else is a file path. */
export function isModelUri(model: string): boolean {
    return modelUriPattern.test(model);
}

/**
 * Turns `options.model` into a local GGUF path, downloading a URI model when it is not cached yet.
 * File paths resolve against the current directory (node-llama-cpp alone would resolve them against its
 * models directory) and are checked before node-llama-cpp is even imported, so a typo fails fast.
 */
export async function resolveStudentModelFile(options: StudentModelOptions): Promise<string> {
    if (!isModelUri(options.model)) {
        const path = resolve(options.model);
        if (!existsSync(path)) throw new ModelLoadError(`Student model file ${path} does not exist.`);
        return path;
    }
    const onProgress = options.onDownloadProgress;
    const nlc = await importNodeLlamaCpp();
    try {
        return await nlc.resolveModelFile(options.model, {
            directory: options.modelsDirectory,
            cli: false,
            signal: options.signal,
            onProgress: onProgress && (({ downloadedSize, totalSize }) => onProgress({ downloadedSize, totalSize }))
        });
    } catch (error) {
        if (options.signal?.aborted) throw new AbortError("downloading the student model was cancelled", { cause: error });
        throw new ModelLoadError(`Student model ${options.model} is not cached and could not be downloaded (offline or unknown model?): ${errorMessage(error)}`, { cause: error });
    }
}
