import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** The folder holding package.json above this file (the source tree, or the bundle's parent for `dist/`). */
export function projectRoot(): string {
    let dir = __dirname;
    while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
}

/** The project's cache root outside the repository: `RELAYLLM_CACHE_DIR`, else `$XDG_CACHE_HOME/relayllm`, else `~/.cache/relayllm` (as scripts/ensure-llama-server.mjs). */
export function relayCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
    return env.RELAYLLM_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "relayllm");
}

/** The Python fine-tuning package (`training/relaytrain`). */
export function trainingDir(): string {
    return join(projectRoot(), "training");
}
