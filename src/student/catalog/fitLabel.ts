/** Bytes a model needs at a context size, as node-llama-cpp's GGUF insights estimate them. */
export interface FitEstimate {
    /** With every layer on the GPU: VRAM and RAM. */
    gpu: { vram: number; ram: number };
    /** With no layer on the GPU: RAM. */
    cpu: { ram: number };
}

/** This machine's memory, in bytes. `vramFree` is 0 without a GPU backend. */
export interface MachineMemory {
    vramFree: number;
    ramTotal: number;
}

/** Whether a model fits: every layer on the GPU, in RAM only, neither, or unknown (its header could not be read). */
export type Fit = "gpu" | "cpu" | "tooLarge" | "unknown" | "offline";

/** The share of free VRAM / total RAM a model may take: the rest is for the editor, the OS and estimate error. */
const VRAM_SHARE = 0.9;
const RAM_SHARE = 0.8;

/** Decides the fit of an estimate on a machine. */
export function fitOf(estimate: FitEstimate, machine: MachineMemory): Fit {
    if (machine.vramFree > 0 && estimate.gpu.vram <= machine.vramFree * VRAM_SHARE && estimate.gpu.ram <= machine.ramTotal * RAM_SHARE) return "gpu";
    if (estimate.cpu.ram <= machine.ramTotal * RAM_SHARE) return "cpu";
    return "tooLarge";
}

/** The words a catalog entry shows for a fit: "fits on GPU", "CPU only", "too large"… */
export function fitLabel(fit: Fit): string {
    switch (fit) {
        case "gpu": return "fits on GPU";
        case "cpu": return "CPU only";
        case "tooLarge": return "too large";
        case "offline": return "fit unknown (offline)";
        case "unknown": return "fit unknown";
    }
    return fit satisfies never;
}

/** A size in binary units, as download sizes are shown: "639 MB", "4.3 GB"; undefined is "size unknown". */
export function sizeLabel(bytes: number | undefined): string {
    if (bytes === undefined) return "size unknown";
    const units = ["bytes", "KB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) (value /= 1024), unit++;
    return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
