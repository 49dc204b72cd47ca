#!/usr/bin/env node
// Bundles the CLI, the student worker and the VS Code extension with esbuild. node-llama-cpp stays external: it is ESM-only and
// ships native binaries, so the bundles load it at run time with a dynamic import().
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const common = {
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: true,
    external: ["node-llama-cpp", "vscode"],
    logLevel: "warning",
};

try {
    await Promise.all([
        build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } }),
        build({ ...common, entryPoints: ["src/student/worker/studentWorker.ts"], outfile: "dist/student-worker.js" }),
        build({ ...common, entryPoints: ["src/extension/extension.ts"], outfile: "dist/extension.js" }),
    ]);
} catch {
    // esbuild has already printed the errors with their locations.
    process.exit(1);
}
// The webview bundles (browser iife, KaTeX assets) go to media/build/, the only folder webviews may read.
await import("./build-webview.mjs");
chmodSync("dist/cli.js", 0o755);
