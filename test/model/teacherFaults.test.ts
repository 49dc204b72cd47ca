// A hostile or broken teacher, played by test/support/faultProxy.ts in front of a REAL llama-server, driving
// the built `relayllm solve` (real stories260K student in its worker process): every fault ends in an answer
// or one clear line, within the limits, quickly (short --teacher-timeout).
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import type { JsonReport } from "../../src/cli/jsonReport";
import { cli, type CliRun } from "../support/cli";
import { startFaultProxy, type FaultProxy } from "../support/faultProxy";
import { freeLoopbackPort, startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { cliPath, projectRoot, requireSharedModels, studentModelPath } from "../support/paths";

const grammarFile = join(projectRoot, "examples", "grammars", "call-once.gbnf");
const solveArgs = (url: string, ...extra: string[]) => ["solve", "--student", studentModelPath, "--teacher-url", url, "--grammar", grammarFile, "--mode", "learned", "--threads", "1", "--seed", "1", "--temperature", "0", "--teacher-timeout", "1", "--json", ...extra, "Tell me a story."];

function report(run: CliRun): JsonReport {
    assert.equal(run.code, 0, `exit ${run.code}; stderr: ${run.stderr}`);
    return JSON.parse(run.stdout) as JsonReport;
}

function teacherErrors(json: JsonReport): string[] {
    return json.events.flatMap((event) => (event.type === "teacher-error" ? [event.kind] : []));
}

/** The answer is whole and command-free whatever the teacher did. */
function assertCleanAnswer(json: JsonReport): void {
    assert.equal(json.spans.map((span) => span.text).join(""), json.text);
    assert.doesNotMatch(json.text, /<\/?call/);
    assert.ok(json.text.length > 10, json.text);
}

function assertOneLine(run: CliRun, pattern: RegExp): void {
    assert.notEqual(run.code, 0);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `expected one stderr line, got:\n${run.stderr}`);
    assert.match(lines[0]!, /^relayllm: /);
    assert.match(lines[0]!, pattern);
}

describe("teacher faults behind a loopback proxy (real llama-server, real CLI)", () => {
    let server: LlamaServer;
    let proxy: FaultProxy;
    before(async () => {
        requireSharedModels();
        server = await startLlamaServer();
        proxy = await startFaultProxy(server.baseURL);
    });
    // A fault a test queued but did not use must not play in the next test.
    afterEach(() => proxy.clear());
    after(async () => {
        await proxy?.close();
        await server?.stop();
    });

    it("pass-through: the call reaches the real teacher and its text is in the answer", async () => {
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.ok(json.spans.some((span) => span.source === "teacher"));
        assert.deepEqual(teacherErrors(json), []);
        assertCleanAnswer(json);
    });

    it("refused: nothing listens at the URL; one line says connection refused", async () => {
        const run = await cli(solveArgs(`http://127.0.0.1:${await freeLoopbackPort()}/v1`));
        assertOneLine(run, /connection refused/);
    });

    it("stalled: a teacher that never answers costs one timeout; the student answers alone", async () => {
        const before = proxy.requests.length;
        proxy.queue({ kind: "stall" });
        const started = Date.now();
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), ["timeout"]);
        assert.equal(proxy.requests.length - before, 1, "a stall is not retried");
        assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
        assert.equal(json.usage.failedCalls, 1);
        assertCleanAnswer(json);
    });

    it("slow drip within the timeout: the answer arrives, slowly", async () => {
        proxy.queue({ kind: "drip", delayMs: 150 });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), []);
        assert.ok(json.spans.some((span) => span.source === "teacher"));
    });

    it("slow drip slower than the timeout: kind timeout, nothing of it shown", async () => {
        proxy.queue({ kind: "drip", delayMs: 1500 });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), ["timeout"]);
        assert.ok(!json.spans.some((span) => span.source === "teacher"));
        assertCleanAnswer(json);
    });

    it("429 with Retry-After: 1 is retried after a second and then succeeds", async () => {
        const before = proxy.requests.length;
        proxy.queue({ kind: "status", status: 429, headers: { "retry-after": "1" } });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), []);
        assert.equal(proxy.requests.length - before, 2);
        assert.ok(json.spans.some((span) => span.source === "teacher"));
    });

    it("500 three times: two retries, then teacher-error of kind server; the solve goes on", async () => {
        const before = proxy.requests.length;
        const fail = { kind: "status", status: 500, headers: { "retry-after-ms": "50" } } as const;
        proxy.queue(fail, fail, fail);
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), ["server"]);
        assert.equal(proxy.requests.length - before, 3);
        assert.deepEqual([json.usage.calls, json.usage.failedCalls], [1, 1]);
        assertCleanAnswer(json);
    });

    it("cut mid-stream: kind unreachable, the call counts as a failed call and its streamed tokens are billed", async () => {
        proxy.queue({ kind: "cut", afterEvents: 2 });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), ["unreachable"]);
        assert.deepEqual([json.usage.calls, json.usage.failedCalls], [1, 1]);
        assert.ok(json.usage.teacherOutputTokens > 0, "streamed tokens are billed");
        assert.equal(json.usage.teacherTokens, 0, "and not shown");
        assertCleanAnswer(json);
    });

    it("invalid JSON in a stream line: kind bad-response", async () => {
        proxy.queue({ kind: "invalid-json", afterEvents: 1 });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), ["bad-response"]);
        assertCleanAnswer(json);
    });

    it("an HTML page with status 200: kind bad-response naming the HTML page", async () => {
        proxy.queue({ kind: "html" });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), ["bad-response"]);
        assert.match(json.calls[0]!.error ?? "", /HTML page/);
        assertCleanAnswer(json);
    });

    it("commands in the teacher's text are removed from the answer and the spans, with an event", async () => {
        proxy.queue({ kind: "inject", text: " and then <call>7</call> x </call> y <call>" });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assertCleanAnswer(json);
        const removed = json.events.flatMap((event) => (event.type === "teacher-text-sanitized" ? [event.reason] : []));
        assert.ok(removed.includes("command") && removed.includes("stray-close"), JSON.stringify(removed));
    });

    it("an empty completion adds nothing and ends nothing: the student finishes the answer", async () => {
        proxy.queue({ kind: "empty" });
        const json = report(await cli(solveArgs(proxy.baseURL)));
        assert.deepEqual(teacherErrors(json), []);
        assert.notEqual(json.stopReason, "teacher-eos");
        assertCleanAnswer(json);
    });

    it("an overlong completion (max_tokens ignored) is cut to the grant; the request is stopped", async () => {
        proxy.queue({ kind: "overlong", maxTokens: 400 });
        const json = report(await cli(solveArgs(proxy.baseURL, "--max-teacher-tokens", "6")));
        const call = json.calls[0]!;
        assert.ok(call.granted <= 6);
        assert.ok(call.producedStudentTokens <= call.granted, JSON.stringify(call));
        assert.ok(json.usage.teacherTokens <= 6);
        const over = json.events.find((event) => event.type === "teacher-over-grant");
        assert.ok(over, "teacher-over-grant event");
        assertCleanAnswer(json);
    });

    it("credentials in the URL: one line pointing to RELAY_TEACHER_API_KEY, the password printed nowhere", async () => {
        const url = new URL(proxy.baseURL);
        const run = await cli(solveArgs(`http://alice:s3cret-pw@${url.host}/v1`));
        assertOneLine(run, /RELAY_TEACHER_API_KEY/);
        assert.doesNotMatch(run.stderr + run.stdout, /s3cret-pw/);
    });

    it("the student worker killed during a teacher call: the solve stops at once, --json prints the partial answer, exit 1", async () => {
        proxy.queue({ kind: "stall" });
        const child = spawn(process.execPath, [cliPath, ...solveArgs(proxy.baseURL, "--teacher-timeout", "30")], { env: { ...process.env, NO_COLOR: "1" } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        let killedAt = 0;
        proxy.onCompletionRequest = () => {
            const workers = execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
            assert.equal(workers.length, 1, `worker processes: ${workers.join(",")}`);
            killedAt = Date.now();
            process.kill(Number(workers[0]), "SIGKILL");
        };
        try {
            const code = await new Promise<number | null>((resolve) => child.on("close", (exitCode) => resolve(exitCode)));
            const took = Date.now() - killedAt;
            assert.ok(killedAt > 0, "the teacher call started");
            assert.ok(took < 5000, `the solve stopped ${took} ms after the kill (teacher timeout 30 s)`);
            assert.equal(code, 1, stderr);
            const json = JSON.parse(stdout) as JsonReport;
            assert.equal(json.stopReason, "student-crashed");
            assert.ok(json.text.length > 0);
            const lines = stderr.trim().split("\n");
            assert.equal(lines.length, 1, stderr);
            assert.match(lines[0]!, /^relayllm: .*student worker/);
        } finally {
            proxy.onCompletionRequest = undefined;
        }
    });
});
