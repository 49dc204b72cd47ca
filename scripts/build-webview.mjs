#!/usr/bin/env node
// Bundles the webview scripts for the browser and copies KaTeX's stylesheet and fonts next to them, so a
// webview loads everything from the extension (its CSP allows no remote source). Output: media/build/.
//   chat.js, usage.js     the chat view and usage panel (iife, minified)
//   katex/katex.min.css   KaTeX's stylesheet, pointing at woff2 fonts only
//   katex/fonts/*.woff2
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const out = "media/build";
const katexDist = join(dirname(createRequire(import.meta.url).resolve("katex")), ".");

try {
    await build({
        entryPoints: { chat: "src/webview/chat/main.ts", usage: "src/webview/usage/main.ts" },
        outdir: out,
        bundle: true,
        format: "iife",
        platform: "browser",
        target: "chrome120",
        minify: true,
        sourcemap: "linked",
        legalComments: "linked",
        logLevel: "warning",
    });
} catch {
    // esbuild has already printed the errors with their locations.
    process.exit(1);
}

// Every browser VS Code runs on reads woff2; dropping the woff/ttf fallbacks keeps the CSS from naming
// files that are not shipped.
rmSync(join(out, "katex"), { recursive: true, force: true });
mkdirSync(join(out, "katex", "fonts"), { recursive: true });
const css = readFileSync(join(katexDist, "katex.min.css"), "utf8").replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, "");
if (/url\(fonts\/[^)]+\.(?:woff|ttf)\)/.test(css)) {
    console.error("build-webview: KaTeX's CSS changed shape; woff/ttf font references remain");
    process.exit(1);
}
writeFileSync(join(out, "katex", "katex.min.css"), css);
for (const font of readdirSync(join(katexDist, "fonts")).filter((name) => name.endsWith(".woff2"))) {
    copyFileSync(join(katexDist, "fonts", font), join(out, "katex", "fonts", font));
}
