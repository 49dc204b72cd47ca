import { totalmem } from "node:os";
import type { Llama } from "node-llama-cpp";
import { describeModel } from "../model/modelIdentity";
import { isModelUri } from "../model/resolveStudentModelFile";
import { checkReachable } from "./downloadStudentModel";
import { importNodeLlamaCpp } from "../model/nodeLlamaCpp";
import { fitOf, type Fit, type MachineMemory } from "./fitLabel";
import { isNetworkUnreachable } from "./networkUnreachable";

/** What the catalog shows of one model, read from its GGUF header (remote: by range requests). */
export interface StudentFit {
    fit: Fit;
    /** The file's size in bytes (header plus tensor data), undefined when the header could not be read. */
    size?: number;
    /** Trained for relay decoding, by its GGUF metadata (`relayllm.*`) or names. */
    relayTrained?: boolean;
}

let llamaLoading: Promise<Llama> | undefined;

/** This machine's free VRAM (node-llama-cpp's GPU backend, loaded once on first use) and total RAM. */
export async function readMachineMemory(): Promise<MachineMemory> {
    const nlc = await importNodeLlamaCpp();
    llamaLoading ??= nlc.getLlama({ gpu: "auto", logLevel: nlc.LlamaLogLevel.error });
    const llama = await llamaLoading;
    const vram = llama.gpu === false ? undefined : await llama.getVramState();
    return { vramFree: vram?.free ?? 0, ramTotal: totalmem() };
}

/**
 * Estimates whether a model (a path, or a URI whose header is read remotely) fits this machine at
 * `contextSize` tokens with node-llama-cpp's GGUF insights. Never throws: a header that cannot be fetched is
 * `offline` when the network is unreachable, else `unknown`.
 */
export async function estimateStudentFit(model: string, contextSize: number, machine: MachineMemory, signal?: AbortSignal): Promise<StudentFit> {
    const nlc = await importNodeLlamaCpp();
    try {
        const info = await nlc.readGgufFileInfo(model, { readTensorInfo: true, logWarnings: false, signal, fetchRetryOptions: { retries: 1 } });
        const insights = await nlc.GgufInsights.from(info, await llamaLoading);
        const layers = insights.totalLayers;
        const onGpu = [insights.estimateModelResourceRequirements({ gpuLayers: layers }), insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: layers })];
        const onCpu = [insights.estimateModelResourceRequirements({ gpuLayers: 0 }), insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0 })];
        const sum = (parts: typeof onGpu, key: "cpuRam" | "gpuVram"): number => parts.reduce((total, part) => total + part[key], 0);
        const fit = fitOf({ gpu: { vram: sum(onGpu, "gpuVram"), ram: sum(onGpu, "cpuRam") }, cpu: { ram: sum(onCpu, "cpuRam") + sum(onCpu, "gpuVram") } }, machine);
        const size = info.infoEndOffset !== undefined ? info.infoEndOffset + insights.modelSize : undefined;
        return { fit, size, relayTrained: describeModel(info.metadata as unknown as Record<string, unknown>, model).relayTrained };
    } catch (error) {
        if (isNetworkUnreachable(error)) return { fit: "offline" };
        // node-llama-cpp's `hf:` resolution drops the network error's cause: ask the host itself.
        if (!isModelUri(model)) return { fit: "unknown" };
        return { fit: await checkReachable(model, signal).then(() => "unknown" as const, () => "offline" as const) };
    }
}
