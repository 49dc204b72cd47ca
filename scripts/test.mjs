#!/usr/bin/env node
// The one test command (`npm test`): builds the bundles, makes sure the real parts exist (llama-server built
// from node-llama-cpp's bundled llama.cpp source; code-server, Node 24 and Chromium for the extension's
// end-to-end tests — each installed once into ~/.cache/relayllm; the trainer's Debian PyTorch), then runs every
// test file with Node's test runner. `npm test -- unit` (or `model`, `e2e`) runs one suite; the unit suite
// installs nothing and needs no root.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureCodeServer } from "./e2e/ensure-code-server.mjs";
import { ensureDebianPackages, TRAINING_PACKAGES } from "./ensure-debian-packages.mjs";
import { ensureLlamaServer } from "./ensure-llama-server.mjs";

const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["unit", "model", "e2e"];
const run = (args) => spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1;

if (run(["scripts/build.mjs"]) !== 0) process.exit(1);
try {
    // The unit suite needs neither root nor PyTorch (its one Python test uses the standard library only).
    if (suites.some((suite) => suite !== "unit")) {
        ensureDebianPackages(TRAINING_PACKAGES);
        process.env.RELAYLLM_LLAMA_SERVER = ensureLlamaServer();
    }
    if (suites.includes("e2e")) ensureCodeServer();
} catch (error) {
    console.error(`test: could not prepare the real test servers: ${error.message}`);
    process.exit(1);
}

const files = suites.flatMap((suite) =>
    readdirSync(join("test", suite))
        .filter((name) => name.endsWith(".test.ts"))
        .sort()
        .map((name) => join("test", suite, name)),
);
process.exit(run(["--import", "tsx", "--test", "--test-concurrency=1", ...files]));
