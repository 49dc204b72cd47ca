import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConfigError, ModelLoadError } from "../../src/relay/errors";
import { StudentCrashedError } from "../../src/relay/studentCrashedError";
import { loadLlamaStudent, loadWorkerStudent, type LlamaStudent, type WorkerStudent } from "../../src/student";
import { studentModelPath, studentWorkerPath } from "../support/paths";
import { waitUntil } from "../support/waitFor";

const prompt = "Once upon a time";

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}


describe("WorkerStudent on stories260K", () => {
    let worker: WorkerStudent;
    let inProcess: LlamaStudent;

    before(async () => {
        [worker, inProcess] = await Promise.all([
            loadWorkerStudent({ model: studentModelPath, threads: 1, workerPath: studentWorkerPath }),
            loadLlamaStudent({ model: studentModelPath, threads: 1 })
        ]);
    });
    after(async () => {
        await Promise.all([worker?.dispose(), inProcess?.dispose()]);
    });

    it("gives the same greedy text as the in-process student and streams it", async () => {
        const local = await inProcess.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const expected = await local.generate({ maxTokens: 48 });
        await local.dispose();

        const streamed: string[] = [];
        const session = await worker.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const turn = await session.generate({ maxTokens: 48, onText: (delta) => streamed.push(delta) });
        assert.equal(session.templatedPrompt, prompt);
        assert.deepEqual(turn, expected);
        assert.equal(streamed.join(""), turn.text);
        assert.deepEqual(worker.info, inProcess.info);

        const appended = await session.append(" and then");
        assert.equal(appended, await session.countTokens(" and then"));
        assert.equal((await session.generate({ maxTokens: 5 })).inputTokensEvaluated, appended + 1);
        await session.dispose();
    });

    it("forwards an abort to the worker", async () => {
        const session = await worker.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        const abort = new AbortController();
        const turn = await session.generate({ maxTokens: 1500, signal: abort.signal, onText: () => abort.abort() });
        await session.dispose();
        assert.equal(turn.stopReason, "aborted");
        assert.ok(turn.tokens < 1500);
    });

    it("rethrows errors from the worker as their own class", async () => {
        await assert.rejects(worker.startSession({ messages: [{ role: "user", content: prompt }], grammar: "root ::= (" }), ConfigError);
        await assert.rejects(loadWorkerStudent({ model: "/nonexistent/missing.gguf", threads: 1, workerPath: studentWorkerPath }), (error: unknown) => {
            assert.ok(error instanceof ModelLoadError);
            assert.match(error.message, /\/nonexistent\/missing\.gguf does not exist/);
            return true;
        });
    });

    // Last: it kills the shared worker.
    it("rejects a pending generate with StudentCrashedError when the worker is killed, and a fresh worker works and exits on dispose", async () => {
        const doomed = worker;
        const pid = doomed.pid;
        assert.ok(pid !== undefined);
        const session = await doomed.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
        let killed = false;
        const pending = session.generate({
            maxTokens: 1500,
            onText: () => {
                if (!killed) process.kill(pid, "SIGKILL");
                killed = true;
            }
        });
        await assert.rejects(pending, (error: unknown) => {
            assert.ok(error instanceof StudentCrashedError);
            assert.match(error.message, /killed by SIGKILL/);
            return true;
        });
        assert.equal(doomed.alive, false);
        await assert.rejects(session.append("more"), StudentCrashedError);
        await doomed.dispose();

        const fresh = await loadWorkerStudent({ model: studentModelPath, threads: 1, workerPath: studentWorkerPath });
        try {
            const again = await fresh.startSession({ messages: [{ role: "user", content: prompt }], temperature: 0 });
            assert.equal((await again.generate({ maxTokens: 8 })).tokens, 8);
        } finally {
            await fresh.dispose();
        }
        assert.equal(fresh.alive, false);
        await waitUntil(() => !isAlive(fresh.pid!), 5000, "condition not met in time", 20); // dispose ends the worker process
    });
});
