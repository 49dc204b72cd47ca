#!/usr/bin/env node
// `npm run package [-- --target linux-x64,darwin-arm64,...]`: one VSIX per platform with vsce --target.
// The extension is bundled by esbuild (scripts/build.mjs); the only runtime dependency is node-llama-cpp,
// which ships native binaries per platform. Each target is staged in its own folder with a production
// install for that os/cpu (npm --os/--cpu fetches the right @node-llama-cpp binary packages from the
// registry), keeping only that target's CPU and Vulkan/Metal binaries: a VSIX with every binary weighs
// ~387 MB, mostly CUDA builds (see the README for CUDA).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** VS Code target → npm platform, and the @node-llama-cpp binary packages it keeps. */
export const TARGETS = {
    "linux-x64": { os: "linux", cpu: "x64", binaries: ["linux-x64", "linux-x64-vulkan"] },
    "linux-arm64": { os: "linux", cpu: "arm64", binaries: ["linux-arm64"] },
    "linux-armhf": { os: "linux", cpu: "arm", binaries: ["linux-armv7l"] },
    "darwin-arm64": { os: "darwin", cpu: "arm64", binaries: ["mac-arm64-metal"] },
    "darwin-x64": { os: "darwin", cpu: "x64", binaries: ["mac-x64"] },
    "win32-x64": { os: "win32", cpu: "x64", binaries: ["win-x64", "win-x64-vulkan"] },
    "win32-arm64": { os: "win32", cpu: "arm64", binaries: ["win-arm64"] },
};

/** Files of node-llama-cpp that only matter for building llama.cpp from source, never at run time here. */
const SOURCE_ONLY = ["llama/gitRelease.bundle", "llama/llama.cpp", "templates"];

function parseTargets(argv) {
    const index = argv.indexOf("--target");
    const list = index === -1 ? [`${process.platform}-${process.arch}`] : argv[index + 1]?.split(",") ?? [];
    for (const target of list) if (!TARGETS[target]) throw new Error(`unknown target "${target}" (known: ${Object.keys(TARGETS).join(", ")})`);
    return list;
}

function run(command, args, cwd) {
    execFileSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
}

function dirSize(path) {
    if (!existsSync(path)) return 0;
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((total, name) => total + dirSize(join(path, name)), 0);
}

export function packageTarget(target, outDir = root) {
    const { os, cpu, binaries } = TARGETS[target];
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const stage = join(tmpdir(), `relayllm-vsix-${target}-${process.pid}`);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    try {
        for (const entry of ["dist", "media", "README.md", "LICENSE", "docs"]) {
            if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true, filter: (path) => !path.endsWith(".map") });
        }
        const { devDependencies: _dev, scripts: _scripts, ...runtime } = manifest;
        writeFileSync(join(stage, "package.json"), JSON.stringify({ ...runtime, dependencies: { "node-llama-cpp": manifest.dependencies["node-llama-cpp"] } }, null, 2));
        // --ignore-scripts: node-llama-cpp's postinstall would try to build or download binaries.
        run("npm", ["install", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", `--os=${os}`, `--cpu=${cpu}`], stage);
        const binaryDir = join(stage, "node_modules", "@node-llama-cpp");
        for (const name of existsSync(binaryDir) ? readdirSync(binaryDir) : []) if (!binaries.includes(name)) rmSync(join(binaryDir, name), { recursive: true, force: true });
        for (const name of binaries) if (!existsSync(join(binaryDir, name))) throw new Error(`the ${target} binaries (@node-llama-cpp/${name}) were not installed`);
        for (const path of SOURCE_ONLY) rmSync(join(stage, "node_modules", "node-llama-cpp", path), { recursive: true, force: true });
        cpSync(join(root, ".vscodeignore"), join(stage, ".vscodeignore"));
        mkdirSync(outDir, { recursive: true });
        const out = join(outDir, `${manifest.name}-${manifest.version}-${target}.vsix`);
        const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
        run(process.execPath, [vsce, "package", "--target", target, "--out", out, "--allow-missing-repository", "--skip-license", "--no-rewrite-relative-links"], stage);
        return { out, bytes: statSync(out).size, unpackedBytes: dirSize(stage) };
    } finally {
        rmSync(stage, { recursive: true, force: true });
    }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    try {
        for (const target of parseTargets(process.argv.slice(2))) {
            const { out, bytes } = packageTarget(target);
            process.stdout.write(`${out} (${(bytes / 1024 / 1024).toFixed(1)} MB)\n`);
        }
    } catch (error) {
        process.stderr.write(`package: ${error.message}\n`);
        process.exit(1);
    }
}
