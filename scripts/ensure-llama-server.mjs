#!/usr/bin/env node
// Builds llama.cpp's llama-server from the source bundle that the node-llama-cpp npm package ships,
// so tests and the demo have a real OpenAI-compatible teacher without downloading anything.
// The binary is cached outside the repository, keyed by the llama.cpp release tag; prints its path.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { homedir, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the cached build of a given llama.cpp tag lives. */
export function llamaServerCacheDir() {
    const base = process.env.RELAYLLM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "relayllm");
    return base;
}

function llamaCppSource() {
    let pkgDir = dirname(fileURLToPath(import.meta.resolve("node-llama-cpp")));
    while (!existsSync(join(pkgDir, "llama", "llama.cpp.info.json")) && dirname(pkgDir) !== pkgDir) pkgDir = dirname(pkgDir);
    const info = JSON.parse(readFileSync(join(pkgDir, "llama", "llama.cpp.info.json"), "utf8"));
    return { tag: info.tag, bundle: join(pkgDir, "llama", "gitRelease.bundle") };
}

/** Returns the path of a llama-server binary, building it first when the cache has none. */
export function ensureLlamaServer({ log = (line) => process.stderr.write(line + "\n") } = {}) {
    if (process.env.RELAYLLM_LLAMA_SERVER && existsSync(process.env.RELAYLLM_LLAMA_SERVER)) return process.env.RELAYLLM_LLAMA_SERVER;
    const { tag, bundle } = llamaCppSource();
    const dir = join(llamaServerCacheDir(), `llama-server-${tag}`);
    const binary = join(dir, "llama-server");
    if (existsSync(binary)) return binary;

    // One build at a time: parallel test files would otherwise each start a 9-minute build.
    mkdirSync(dirname(dir), { recursive: true });
    const lock = `${dir}.lock`;
    for (;;) {
        try {
            mkdirSync(lock);
            break;
        } catch {
            if (existsSync(binary)) return binary;
            const age = existsSync(lock) ? Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs : 0;
            if (age > 60 * 60 * 1000) rmSync(lock, { recursive: true, force: true });
            else execFileSync("sleep", ["5"]);
        }
    }
    try {
        if (existsSync(binary)) return binary;
        build(bundle, tag, dir, binary, log);
    } finally {
        rmSync(lock, { recursive: true, force: true });
    }
    return binary;
}

function build(bundle, tag, dir, binary, log) {
    const work = `${dir}.build-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    log(`relayllm: building llama-server ${tag} from node-llama-cpp's bundled llama.cpp source (about 9 minutes on 2 cores, once)...`);
    const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
    run("git", ["-c", "advice.detachedHead=false", "clone", "--quiet", bundle, work]);
    run("cmake", ["-B", "build", "-DCMAKE_BUILD_TYPE=Release", "-DLLAMA_CURL=OFF", "-DLLAMA_BUILD_TESTS=OFF",
        "-DLLAMA_BUILD_EXAMPLES=OFF", "-DBUILD_SHARED_LIBS=OFF", "-DGGML_NATIVE=OFF"], work);
    run("cmake", ["--build", "build", "--target", "llama-server", "-j", String(Math.max(1, cpus().length))], work);
    mkdirSync(dir, { recursive: true });
    renameSync(join(work, "build", "bin", "llama-server"), binary);
    rmSync(work, { recursive: true, force: true });
    log(`relayllm: llama-server cached at ${binary}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    try {
        process.stdout.write(ensureLlamaServer() + "\n");
    } catch (error) {
        process.stderr.write(`relayllm: could not build llama-server: ${error.message}\n`);
        process.exit(1);
    }
}
