// A bad --teacher-url is the user's mistake: one line and exit 2, before any model is loaded (no model needed).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../support/paths";

function relayllm(args: string[]) {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "src", "cli", "main.ts"), ...args], { encoding: "utf8", cwd: projectRoot, env: { ...process.env, RELAYLLM_DEBUG: "" } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("relayllm with a bad --teacher-url", () => {
    for (const [url, said] of [
        ["127.0.0.1 port 8080", /not a valid URL/],
        ["ftp://127.0.0.1/v1", /must start with http:\/\/ or https:\/\//],
        ["http://alice:hunter2@127.0.0.1:9/v1", /RELAY_TEACHER_API_KEY/],
    ] as const) {
        it(`exits 2 with one line for ${url.replace(/hunter2/, "***")}`, () => {
            const run = relayllm(["solve", "--student", "absent.gguf", "--teacher-url", url, "1+1?"]);
            assert.equal(run.code, 2, run.stderr);
            assert.match(run.stderr, said);
            assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
            assert.doesNotMatch(run.stderr, /hunter2/);
        });
    }
});
