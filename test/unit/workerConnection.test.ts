// The client end of the student worker, against a scripted worker (a few lines of Node, no model): what it
// prints on stderr reaches the caller's log without the error markers, an error answer waits for the
// stderr written while it failed (even when the IPC answer overtakes it), and a crash is explained by the
// last line that is not a routine llama.cpp log line.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { describe, it } from "node:test";
import { StudentCrashedError } from "../../src/relay/studentCrashedError";
import { GrammarError } from "../../src/student/model/grammarError";
import { WorkerConnection } from "../../src/student/worker/workerConnection";
import { serializeError, workerErrorMarker, workerLogLine } from "../../src/student/worker/workerProtocol";

/** Starts the scripted worker: `script` runs with `send`, `marker`, `log` and the failing GrammarError serialized. */
function scriptedWorker(script: string): { connection: WorkerConnection; output: string[] } {
    const preamble = `
        const send = (message) => process.send(message);
        const marker = (id) => ${JSON.stringify(workerErrorMarker(0))}.replace(/0$/, String(id));
        const log = (level, message) => ${JSON.stringify(workerLogLine("LEVEL", "MESSAGE"))}.replace("LEVEL", level).replace("MESSAGE", message);
        const grammarError = ${JSON.stringify(serializeError(GrammarError.of({ reason: "failed to parse grammar" })))};
        process.on("disconnect", () => process.exit(0));
    `;
    const child = spawn(process.execPath, ["-e", preamble + script], { stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
    const output: string[] = [];
    return { connection: new WorkerConnection(child, (text) => output.push(text)), output };
}

describe("WorkerConnection", () => {
    it("an error answer that overtakes its stderr still gets the diagnostic; markers never reach the log", async () => {
        const { connection, output } = scriptedWorker(`
            process.on("message", (request) => {
                send({ type: "error", id: request.id, error: grammarError });
                setTimeout(() => {
                    process.stderr.write(log("warn", "something routine") + "\\n");
                    process.stderr.write("parse: error parsing grammar: expecting name at ::=\\n\\nroot ::= a\\nb ::=\\n");
                    process.stderr.write(marker(request.id) + "\\n");
                }, 100);
            });
        `);
        try {
            const error = await connection.call({ type: "session/countTokens", sessionId: 1, text: "x" }).catch((failure: unknown) => failure);
            assert.ok(error instanceof GrammarError);
            assert.match(error.diagnostic ?? "", /error parsing grammar: expecting name at ::=/);
            assert.deepEqual(error.problem, { reason: "failed to parse grammar" });
            assert.ok(output.join("").includes("llama.cpp warn: something routine\n"));
            assert.ok(!output.join("").includes("relayllm-worker-error"), "a marker reached the log");
        } finally {
            await connection.close(1000);
        }
    });

    it("a crash is explained by the last line that is not routine llama.cpp logging", async () => {
        const { connection } = scriptedWorker(`
            process.on("message", () => {
                process.stderr.write("GGML_ASSERT(n_tokens <= n_batch) failed\\n");
                process.stderr.write(log("warn", "load: bad special token") + "\\n");
                process.stderr.write(log("info", "llama_context: n_ctx = 2048") + "\\n", () => process.kill(process.pid, "SIGKILL"));
            });
        `);
        const error = await connection.call({ type: "session/countTokens", sessionId: 1, text: "x" }).catch((failure: unknown) => failure);
        assert.ok(error instanceof StudentCrashedError);
        assert.match(error.message, /was killed by SIGKILL unexpectedly; its last output was: GGML_ASSERT\(n_tokens <= n_batch\) failed\.$/);
        await connection.close(1000);
    });

    it("a worker killed before a request reaches it: the kill explains the crash, and close waits for the exit instead of letting Node end silently", () => {
        // In its own Node process, since the test runner would keep this one alive anyway. The event loop is
        // blocked after the kill so the send fails (EPIPE) before the exit is reported: the race CI once hit.
        const script = `
            const { spawn } = require("node:child_process");
            const { WorkerConnection } = require(${JSON.stringify(require.resolve("../../src/student/worker/workerConnection"))});
            const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
            const connection = new WorkerConnection(child, () => {});
            child.kill("SIGKILL");
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
            connection.call({ type: "session/countTokens", sessionId: 1, text: "x" }).catch(async (error) => {
                console.log(error.message);
                await connection.close(5000);
                console.log("closed");
            });
        `;
        const output = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", timeout: 20_000 });
        assert.match(output, /^The student worker process \(pid \d+\) was killed by SIGKILL unexpectedly\.\nclosed\n$/);
    });
});
