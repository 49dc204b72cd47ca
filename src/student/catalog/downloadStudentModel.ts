import { stat, unlink } from "node:fs/promises";
import { AbortError, ModelLoadError } from "../../relay/errors";
import { errorMessage } from "../../util/errorMessage";
import { unlessAborted } from "../../util/unlessAborted";
import { checkModelFile } from "../model/modelFileCheck";
import { importNodeLlamaCpp } from "../model/nodeLlamaCpp";
import type { DownloadProgress } from "../model/studentModelOptions";
import { isNetworkUnreachable } from "./networkUnreachable";

/** Why a download did not give a usable model: no network, a file that is not a whole GGUF, or anything else the server did. */
export type StudentDownloadFailure = "offline" | "broken" | "failed";

/** A student model download that failed; `failure` says which way, for the Retry / Choose Another Model UI. */
export class StudentDownloadError extends ModelLoadError {
    constructor(message: string, readonly failure: StudentDownloadFailure, options?: ErrorOptions) {
        super(message, options);
    }
}

export interface StudentDownloadOptions {
    /** The models directory (the student's download cache). Default: node-llama-cpp's (`~/.node-llama-cpp/models`), where the student looks. */
    directory?: string;
    /** Cancels the download; the partial file is kept, so the next download of the same URI resumes it. */
    signal?: AbortSignal;
    onProgress?: (progress: DownloadProgress) => void;
}

/**
 * Downloads a model URI (`hf:user/repo:quant`, `https://…/x.gguf`) into the models directory with
 * node-llama-cpp's downloader, the same file the student's own `resolveModelFile` then finds: an existing
 * whole file is reused, a partial one (cancelled, or cut off and given up) is resumed from its last whole
 * 5 MiB chunk; a dropped connection is retried by the downloader itself, from there too. The result passes the GGUF check
 * (`checkModelFile`) before it is returned; a file that fails it is deleted, so a broken download is never
 * cached or selected. Throws AbortError when cancelled, StudentDownloadError otherwise.
 */
export async function downloadStudentModel(uri: string, options: StudentDownloadOptions = {}): Promise<string> {
    await checkReachable(uri, options.signal);
    const nlc = await importNodeLlamaCpp();
    const onProgress = options.onProgress;
    let path: string;
    try {
        const downloader = await nlc.createModelDownloader({
            modelUri: uri,
            dirPath: options.directory,
            // A whole file of the remote's size is reused; anything else is (re)downloaded through `<name>.ipull`.
            skipExisting: true,
            // Keeping `<name>.ipull` with its progress is what makes the next download resume (by 5 MiB chunks).
            deleteTempFileOnCancel: false,
            onProgress: onProgress && (({ downloadedSize, totalSize }) => onProgress({ downloadedSize, totalSize })),
        });
        // A cancel returns at once: node-llama-cpp's download does not always settle while a transfer trickles on
        // (seen as a hung test), so the cancel is raced beside it and the downloader cancelled, its progress kept.
        const downloading = downloader.download({ signal: options.signal });
        downloading.catch(() => undefined);
        path = await unlessAborted(downloading, options.signal, () => {
            void downloader.cancel({ deleteTempFile: false }).catch(() => undefined);
            return new AbortError("downloading the student model was cancelled");
        });
        // node-llama-cpp's downloader returns normally when cancelled mid-transfer.
        options.signal?.throwIfAborted();
    } catch (error) {
        if (options.signal?.aborted) throw new AbortError("downloading the student model was cancelled", { cause: error });
        const offline = isNetworkUnreachable(error);
        throw new StudentDownloadError(`Student model ${uri} could not be downloaded${offline ? " (offline?)" : ""}: ${errorMessage(error)}`, offline ? "offline" : "failed", { cause: error });
    }
    try {
        await checkModelFile(path);
        await checkTensorData(path);
    } catch (error) {
        await unlink(path).catch(() => undefined);
        throw new StudentDownloadError(`The download of ${uri} is not a usable model, so it was deleted: ${errorMessage(error)}`, "broken", { cause: error });
    }
    return path;
}

/**
 * Where node-llama-cpp resolves `hf:` URIs: `MODEL_ENDPOINT`, else `HF_ENDPOINT` (a mirror, as llama.cpp and
 * huggingface_hub read them), else Hugging Face. Its own resolver is not exported, and the reachability check
 * must ask the host the download will use. Only the environment sets it, never a setting a workspace could carry.
 */
export function huggingFaceEndpoint(): string {
    for (const value of [process.env.MODEL_ENDPOINT, process.env.HF_ENDPOINT]) {
        if (value && /^https?:\/\//i.test(value) && URL.canParse(value)) return value.endsWith("/") ? value : `${value}/`;
    }
    return "https://huggingface.co/";
}

/** How long the reachability check waits for an answer. */
const reachTimeoutMs = 15_000;

/**
 * One HEAD request to the model's host before the downloader starts: the downloader retries an unreachable
 * host for minutes, while a person offline should be told so (with Retry) at once. Any HTTP answer counts
 * as reachable; only a network failure throws (StudentDownloadError "offline").
 */
export async function checkReachable(uri: string, signal: AbortSignal | undefined): Promise<void> {
    const url = /^https?:\/\//i.test(uri) ? uri : huggingFaceEndpoint();
    try {
        const timeout = AbortSignal.timeout(reachTimeoutMs);
        await fetch(url, { method: "HEAD", redirect: "manual", signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
        if (signal?.aborted) throw new AbortError("downloading the student model was cancelled", { cause: error });
        throw new StudentDownloadError(`Student model ${uri} cannot be downloaded: ${new URL(url).host} cannot be reached (offline?): ${errorMessage(error)}`, "offline", { cause: error });
    }
}

/** The header check bounds sizes from below; this compares the file with the exact bytes its tensors take. */
async function checkTensorData(path: string): Promise<void> {
    const nlc = await importNodeLlamaCpp();
    const info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
    if (info.splicedParts !== 1 || info.infoEndOffset === undefined) return;
    // Without a Llama instance GgufInsights uses node-llama-cpp's slim one: type sizes only, no backend.
    const expected = info.infoEndOffset + (await nlc.GgufInsights.from(info)).modelSize;
    const { size } = await stat(path);
    if (size < expected) throw new ModelLoadError(`${size} bytes; its header describes ${expected}`);
}
