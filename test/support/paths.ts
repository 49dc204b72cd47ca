import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The project root (this file lives in test/support/). */
export const projectRoot = resolve(__dirname, "..", "..");

/** `../shared` beside the project, or RELAYLLM_SHARED_DIR. */
export const sharedDir = process.env.RELAYLLM_SHARED_DIR ?? resolve(projectRoot, "..", "shared");

/** The small real student model (llama2.c stories260K, 512-token vocab). */
export const studentModelPath = join(sharedDir, "models", "stories260K.gguf");

/** The model the test teacher server serves (TinyStories 656K, Q8_0). */
export const teacherModelPath = join(sharedDir, "models", "TinyStories-656K-Q8_0.gguf");

/** Fails loudly when the shared models are missing, instead of skipping tests silently. */
export function requireSharedModels(): void {
    for (const path of [studentModelPath, teacherModelPath]) {
        if (!existsSync(path)) throw new Error(`missing shared model ${path}: tests need ../shared/models beside the project`);
    }
}

/**
 * The student worker the model tests fork: the shipped esbuild bundle when it has been built (`npm test`
 * builds first), so the tests exercise the real artifact and skip tsx's start-up cost.
 */
export const studentWorkerPath: string | undefined = existsSync(join(projectRoot, "dist", "student-worker.js")) ? join(projectRoot, "dist", "student-worker.js") : undefined;

/** The built CLI (`npm run build`). */
export const cliPath = join(projectRoot, "dist", "cli.js");
