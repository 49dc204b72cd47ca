// Ctrl-C, SIGTERM and SIGHUP while the REAL student worker is busy with a long conversation (10,000 messages:
// fitting it, then evaluating a full context), driving the built `relayllm solve`: the CLI ends within a second
// or so, and its worker process goes with it.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cliPath, requireSharedModels, studentModelPath } from "../support/paths";

function childrenOf(pid: number): number[] {
    try {
        return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
    } catch {
        return [];
    }
}

/** Running, that is: a killed process whose new parent has not reaped it yet is a zombie, and dead. */
function alive(pid: number): boolean {
    try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
        return false;
    }
}

describe("relayllm solve ends on signals with its worker (real student, long conversation)", () => {
    let dir: string;
    let messagesFile: string;
    before(() => {
        requireSharedModels();
        dir = mkdtempSync(join(tmpdir(), "relayllm-signals-"));
        messagesFile = join(dir, "long.json");
        const messages = Array.from({ length: 10_000 }, (_, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content: `Message ${i}: the dog ran to the park with a red ball.` }));
        writeFileSync(messagesFile, JSON.stringify(messages));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
        it(`${signal} while the worker is busy: exit ${code} within about a second, and the worker is gone`, async () => {
            const child = spawn(process.execPath, [cliPath, "solve", "--student", studentModelPath, "--messages", messagesFile, "--threads", "1", "--max-tokens", "64", "--mode", "teacher-free", "--json", "And now?"], {
                env: { ...process.env, NO_COLOR: "1" },
            });
            let stderr = "";
            child.stderr.on("data", (chunk) => (stderr += chunk));
            const closed = new Promise<number | null>((resolve) => child.on("close", (exitCode) => resolve(exitCode)));
            // Wait for the worker, then give it a moment to be deep in its work.
            let workers: number[] = [];
            for (let waited = 0; workers.length === 0 && waited < 20_000; waited += 50) {
                await new Promise((resolve) => setTimeout(resolve, 50));
                workers = childrenOf(child.pid!);
            }
            assert.equal(workers.length, 1, "no worker process appeared");
            await new Promise((resolve) => setTimeout(resolve, 1500));
            const sent = Date.now();
            child.kill(signal);
            const exitCode = await closed;
            const took = Date.now() - sent;
            assert.equal(exitCode, code, stderr);
            assert.ok(took < 3000, `exited ${took} ms after ${signal}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
            assert.ok(!alive(workers[0]!), `the worker ${workers[0]} outlived the CLI`);
        });
    }
});
