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
import { waitUntil } from "../support/waitFor";

function childrenOf(pid: number): number[] {
    try {
        return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
    } catch {
        return [];
    }
}

/** User + system CPU time of a process, in seconds (from /proc; 0 once it is gone). */
function cpuSeconds(pid: number): number {
    try {
        // Fields after the command name (which may hold spaces, hence the last ")"): utime is the 12th, stime the 13th.
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return 0;
    }
}

/** Resolves once `condition` holds, polling; fails with `message` after `timeoutMs`. */
const until = (condition: () => boolean, timeoutMs: number, message: string) => waitUntil(condition, timeoutMs, message, 20);

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
            await until(() => childrenOf(child.pid!).length > 0, 20_000, "no worker process appeared");
            const workers = childrenOf(child.pid!);
            assert.equal(workers.length, 1, `worker processes: ${workers.join(",")}`);
            // Signalled once the worker is deep in its work: a second of CPU spent (loading, fitting, evaluating).
            await until(() => cpuSeconds(workers[0]!) >= 1, 60_000, "the worker never got busy");
            const sent = Date.now();
            child.kill(signal);
            const exitCode = await closed;
            const took = Date.now() - sent;
            assert.equal(exitCode, code, stderr);
            assert.ok(took < 3000, `exited ${took} ms after ${signal}`);
            await until(() => !alive(workers[0]!), 2000, `the worker ${workers[0]} outlived the CLI`);
        });
    }
});
