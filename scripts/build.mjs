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

// The extension loads the openai SDK (half its code) from a bundle of its own on the first teacher call, so VS Code
// does not count its loading as activation time (src/teacher/openAiSdk.ts).
const openAiApart = {
    name: "openai-apart",
    setup(build) {
        build.onResolve({ filter: /\/openAiExports$/ }, () => ({ path: "./openai.js", external: true }));
    },
};

try {
    await Promise.all([
        build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } }),
        build({ ...common, entryPoints: ["src/student/worker/studentWorker.ts"], outfile: "dist/student-worker.js" }),
        build({ ...common, entryPoints: ["src/extension/extension.ts"], outfile: "dist/extension.js", plugins: [openAiApart] }),
        build({ ...common, entryPoints: ["src/teacher/openAiExports.ts"], outfile: "dist/openai.js" }),
    ]);
} catch {
    // esbuild has already printed the errors with their locations.
    process.exit(1);
}
// The webview bundles (browser iife, KaTeX assets) go to media/build/, the only folder webviews may read.
await import("./build-webview.mjs");
chmodSync("dist/cli.js", 0o755);
