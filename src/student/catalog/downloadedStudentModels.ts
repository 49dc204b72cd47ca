import { readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { homedir } from "node:os";

/** A model file in the models directory. */
export interface DownloadedStudentModel {
    path: string;
    name: string;
    size: number;
    /** When the file was last read (its access time; the student maps it on every load), in ms since the epoch. */
    lastUsed: number;
}

/**
 * node-llama-cpp's models directory, where the student downloads and finds `hf:` models when no directory is
 * given: `cliModelsDirectory` in its dist/config.js (`~/.node-llama-cpp/models`), which it does not export.
 */
export function defaultModelsDirectory(): string {
    return join(homedir(), ".node-llama-cpp", "models");
}

/** The whole `.gguf` files in `directory`, most recently used first (partial `.ipull` downloads are not listed). */
export async function listDownloadedStudentModels(directory: string): Promise<DownloadedStudentModel[]> {
    const names = await readdir(directory).catch(() => [] as string[]);
    const models = await Promise.all(names.filter((name) => name.toLowerCase().endsWith(".gguf")).map(async (name) => {
        const stats = await stat(join(directory, name)).catch(() => undefined);
        return stats?.isFile() ? { path: join(directory, name), name, size: stats.size, lastUsed: stats.atimeMs } : undefined;
    }));
    return models.filter((model) => model !== undefined).sort((a, b) => b.lastUsed - a.lastUsed);
}

/** Deletes a downloaded model file and any partial download of it. */
export async function deleteDownloadedStudentModel(path: string): Promise<void> {
    await unlink(path);
    await unlink(`${path}.ipull`).catch(() => undefined);
}
