import { availableParallelism } from "node:os";
import { ConfigError } from "../../relay/errors";

/** Compute backends the student can run on; `false` is the CPU. */
export type StudentGpu = "auto" | false | "cuda" | "vulkan" | "metal";

/** Bytes of a model download so far. */
export interface DownloadProgress {
    downloadedSize: number;
    totalSize: number;
}

/** How to load the student model. Only `model` is required. */
export interface StudentModelOptions {
    /**
     * The GGUF model: a file path (relative to the current directory) or a model URI that node-llama-cpp's
     * `resolveModelFile` understands, such as `hf:user/repo:Q4_K_M` or an `https://` URL.
     */
    model: string;
    /** Where URI models are looked for and downloaded to. Default: node-llama-cpp's `~/.node-llama-cpp/models`. */
    modelsDirectory?: string;
    /** Called while a URI model downloads (nothing is printed to the console). Default: none. */
    onDownloadProgress?: (progress: DownloadProgress) => void;
    /** Cancels loading (a download in particular). Default: none. */
    signal?: AbortSignal;
    /**
     * Compute backend. "auto" picks the best GPU node-llama-cpp has a binary for; a named GPU that cannot be
     * used falls back to the CPU. Binaries are never built from source at load time. Default "auto".
     */
    gpu?: StudentGpu;
    /** Model layers to offload to the GPU: a count, "max", or "auto" (as many as fit beside the context). Default "auto". */
    gpuLayers?: number | "auto" | "max";
    /**
     * CPU threads for evaluation; always passed to the context explicitly, because node-llama-cpp's own
     * default once made a tiny model 1000x slower. Default: half the logical cores, at least 1.
     */
    threads?: number;
    /** Context window per session, in tokens. Default: the model's training context, at most 16384. */
    contextSize?: number;
    /**
     * Sessions decoded together: the student's context holds this many sequences, each with its own
     * `contextSize` tokens of KV cache (memory grows with it), and the next tokens of every session generating
     * at that moment are evaluated in one batch. A session beyond them gets a context of its own. Set it to the
     * number of solves run at once (`bench --concurrency`, rollouts per prompt). Default 1.
     */
    sequences?: number;
    /** Overrides whether the model counts as relay-trained. Default: read from GGUF metadata and names. */
    relayTrained?: boolean;
}

/** The largest default context: enough for long answers, small enough for the KV cache of a 7B model. */
export const defaultMaxContextSize = 16384;

/** The most sequences one context may hold (llama.cpp's own limit is 256). */
export const maxStudentSequences = 256;

/** The default for `threads`: half the logical cores (the other half are usually hyper-threads), at least 1. */
export function defaultStudentThreads(): number {
    return Math.max(1, Math.floor(availableParallelism() / 2));
}

/** Throws ConfigError for option values that cannot work. */
export function validateStudentModelOptions(options: StudentModelOptions): void {
    if (typeof options.model !== "string" || options.model.trim() === "") throw new ConfigError("student model must be a file path or a model URI");
    if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
        throw new ConfigError(`student threads must be a positive integer, got ${options.threads}`);
    }
    if (options.sequences !== undefined && !(Number.isInteger(options.sequences) && options.sequences >= 1 && options.sequences <= maxStudentSequences)) {
        throw new ConfigError(`student sequences must be an integer from 1 to ${maxStudentSequences}, got ${options.sequences}`);
    }
    if (options.contextSize !== undefined && !(Number.isInteger(options.contextSize) && options.contextSize >= 16)) {
        throw new ConfigError(`student contextSize must be an integer of at least 16, got ${options.contextSize}`);
    }
    if (typeof options.gpuLayers === "number" && !(Number.isInteger(options.gpuLayers) && options.gpuLayers >= 0)) {
        throw new ConfigError(`student gpuLayers must be a non-negative integer, "auto" or "max", got ${options.gpuLayers}`);
    }
}
