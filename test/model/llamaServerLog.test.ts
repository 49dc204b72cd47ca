// The test teacher server of test/support/llamaServer.ts, REAL llama-server: its log must not depend on the
// starting process reading it. scripts/testbed-comparison.ts runs each bench with spawnSync; with the log on a
// pipe, the pipe filled while Node was blocked, llama-server's logger blocked, and the server stopped answering
// after about 90 requests (every later teacher call of the comparison timed out).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startLlamaServer } from "../support/llamaServer";
import { requireSharedModels } from "../support/paths";

/** Sends `count` short completions one after another (5 s each at most) and prints how many were answered. */
const client = `
const base = process.env.BASE_URL, count = Number(process.env.COUNT);
let answered = 0;
for (let i = 0; i < count; i++) {
    try {
        const response = await fetch(base + "/completions", { method: "POST", headers: { "content-type": "application/json" },
            body: JSON.stringify({ prompt: "Once upon a time, there was a girl named Lily " + i + ". She had a", max_tokens: 8, temperature: 0 }),
            signal: AbortSignal.timeout(5000) });
        if (response.ok) { await response.json(); answered++; }
    } catch { break; }
}
console.log(answered + " answered");
`;

describe("test llama-server", { timeout: 3 * 60_000 }, () => {
    it("keeps answering while the process that started it is blocked in spawnSync, and keeps its log in logPath", async () => {
        requireSharedModels();
        const logPath = join(mkdtempSync(join(tmpdir(), "relayllm-llama-log-")), "server.log");
        const server = await startLlamaServer({ logPath });
        try {
            const count = 300;
            const run = spawnSync(process.execPath, ["--input-type=module", "-e", client], { encoding: "utf8", timeout: 120_000, env: { ...process.env, BASE_URL: server.baseURL, COUNT: String(count) } });
            assert.equal(run.stdout.trim(), `${count} answered`, `${run.stderr}\n${server.stderrTail()}`);
            assert.match(server.stderrTail(), /slot/);
        } finally {
            await server.stop();
        }
        assert.ok(existsSync(logPath));
        assert.ok(readFileSync(logPath, "utf8").length > 64 * 1024, "more log than a pipe holds");
    });

    it("removes its temporary log once it has exited, and still shows the log's tail", async () => {
        requireSharedModels();
        const server = await startLlamaServer();
        assert.ok(existsSync(server.logPath));
        await server.stop();
        assert.equal(existsSync(server.logPath), false);
        assert.match(server.stderrTail(), /listening/);
    });
});
