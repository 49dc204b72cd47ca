import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./projectPaths";

/** The llama.cpp source bundle inside the node-llama-cpp package, and its release tag. */
export function llamaCppSourceBundle(): { tag: string; bundle: string } {
    const llamaDir = join(projectRoot(), "node_modules", "node-llama-cpp", "llama");
    const infoPath = join(llamaDir, "llama.cpp.info.json");
    if (!existsSync(infoPath)) throw new Error(`node-llama-cpp's llama.cpp source is missing (${infoPath}); run npm install`);
    const info = JSON.parse(readFileSync(infoPath, "utf8")) as { tag?: unknown };
    if (typeof info.tag !== "string") throw new Error(`${infoPath} has no release tag`);
    return { tag: info.tag, bundle: join(llamaDir, "gitRelease.bundle") };
}

/**
 * Returns a folder to put on PYTHONPATH for `import gguf`: llama.cpp's own gguf-py, taken from the git bundle
 * node-llama-cpp ships (so the writer matches the llama.cpp that loads the files), extracted once into
 * `<cacheRoot>/gguf-py-<tag>`.
 */
export function ensureGgufPy(cacheRoot: string): string {
    const { tag, bundle } = llamaCppSourceBundle();
    const dir = join(cacheRoot, `gguf-py-${tag}`);
    const packageDir = join(dir, "gguf-py");
    if (existsSync(join(packageDir, "gguf", "__init__.py"))) return packageDir;
    const work = `${dir}.extract-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    try {
        const run = (args: string[], cwd?: string) => execFileSync("git", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
        run(["clone", "--quiet", "--no-checkout", bundle, join(work, "repo")]);
        run(["archive", "--format=tar", "-o", join(work, "gguf-py.tar"), "HEAD", "gguf-py"], join(work, "repo"));
        mkdirSync(join(work, "out"));
        execFileSync("tar", ["-xf", join(work, "gguf-py.tar"), "-C", join(work, "out")], { stdio: ["ignore", "ignore", "pipe"] });
        rmSync(dir, { recursive: true, force: true });
        renameSync(join(work, "out"), dir);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
    return packageDir;
}
