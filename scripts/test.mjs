#!/usr/bin/env node
// The one test command (`npm test`): builds the bundles, makes sure the real llama-server teacher exists
// (building it from node-llama-cpp's bundled llama.cpp source the first time), then runs every test file
// with Node's test runner. `npm test -- unit` runs only the tests that need no model.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureLlamaServer } from "./ensure-llama-server.mjs";

const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["unit", "model"];
const run = (args) => spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1;

if (run(["scripts/build.mjs"]) !== 0) process.exit(1);
if (suites.some((suite) => suite !== "unit")) process.env.RELAYLLM_LLAMA_SERVER = ensureLlamaServer();

const files = suites.flatMap((suite) =>
    readdirSync(join("test", suite))
        .filter((name) => name.endsWith(".test.ts"))
        .sort()
        .map((name) => join("test", suite, name)),
);
process.exit(run(["--import", "tsx", "--test", "--test-concurrency=1", ...files]));
