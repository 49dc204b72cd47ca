// `relayllm solve` as users and scripts run it: the built CLI in a child process, the real stories260K
// student and a real llama-server teacher on loopback.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startLlamaServer, freeLoopbackPort, type LlamaServer } from "../support/llamaServer";
import { projectRoot, requireSharedModels, studentModelPath } from "../support/paths";
import { cli, type CliRun } from "../support/cli";


/** One clear line, no stack trace. */
function assertOneLineError(run: CliRun, pattern: RegExp): void {
    assert.notEqual(run.code, 0);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
    assert.match(lines[0]!, /^relayllm: /);
    assert.match(lines[0]!, pattern);
    assert.ok(!/\bat .+:\d+:\d+/.test(run.stderr), "stack trace on stderr");
}

const grammarFile = join(projectRoot, "examples", "grammars", "call-once.gbnf");

describe("relayllm solve", () => {
    let server: LlamaServer;
    before(async () => {
        requireSharedModels();
        server = await startLlamaServer();
    });
    after(async () => server?.stop());

    it("--json with a grammar-forced command shows both sources in spans", async () => {
        const run = await cli(["solve", "--student", studentModelPath, "--teacher-url", server.baseURL, "--grammar", grammarFile, "--mode", "learned", "--threads", "1", "--seed", "1", "--temperature", "0", "--json", "Tell me a story."]);
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.deepEqual(Object.keys(report).sort(), ["calls", "events", "mode", "spans", "stopReason", "templatedPrompt", "text", "usage"]);
        assert.deepEqual(new Set(report.spans.map((span: { source: string }) => span.source)), new Set(["student", "teacher"]));
        assert.equal(report.spans.map((span: { text: string }) => span.text).join(""), report.text);
        assert.equal(report.calls.length, 1);
        for (const field of ["requested", "granted", "produced"]) assert.ok(Number.isInteger(report.calls[0][field]), field);
        for (const field of ["studentTokens", "teacherTokens", "teacherPromptTokens", "callRatio", "costUSD", "teacherOnlyCostUSD"]) assert.equal(typeof report.usage[field], "number", field);
        assert.ok(report.usage.callRatio > 0 && report.usage.callRatio < 1);
        assert.equal(typeof report.stopReason, "string");
        assert.ok(report.events.every((event: { type: string }) => !["student-text", "teacher-text", "done"].includes(event.type)));
    });

    it("--messages FILE.json answers a conversation; PROMPT is the next user message; templatedPrompt is what the student got", async () => {
        const dir = mkdtempSync(join(tmpdir(), "relayllm-messages-"));
        try {
            const file = join(dir, "conversation.json");
            writeFileSync(file, JSON.stringify([{ role: "user", content: "Once upon a time, there was a cat." }, { role: "assistant", content: [{ type: "text", text: " The cat was big." }] }]));
            const run = await cli(["solve", "--student", studentModelPath, "--mode", "teacher-free", "--threads", "1", "--temperature", "0", "--max-tokens", "8", "--json", "--messages", file, "The cat ran."]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(JSON.parse(run.stdout).templatedPrompt, "Once upon a time, there was a cat. The cat was big.\n\nThe cat ran.");
            writeFileSync(file, JSON.stringify([{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }]));
            assertOneLineError(await cli(["solve", "--student", studentModelPath, "--threads", "1", "--messages", file]), /must end with a user message/);
            writeFileSync(file, JSON.stringify([{ role: "robot", content: "Hi" }]));
            assertOneLineError(await cli(["solve", "--student", studentModelPath, "--threads", "1", "--messages", file]), /message 1 has role "robot"/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("human output marks the teacher's span and ends with a usage line", async () => {
        const run = await cli(["solve", "--student", studentModelPath, "--teacher-url", server.baseURL, "--grammar", grammarFile, "--mode", "learned", "--threads", "1", "--temperature", "0", "Tell me a story."]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /\[teacher: [^\]]+\]/);
        assert.match(run.stdout, /call ratio \d+\.\d+ %.*stop: \w+/);
    });

    it("the API key comes from the environment; there is no flag for it", async () => {
        const run = await cli(["solve", "--student", studentModelPath, "--api-key", "sk-secret", "x"]);
        assertOneLineError(run, /api-key/);
        assert.ok(!run.stderr.includes("sk-secret"));
    });

    it("a missing model file is one clear line and a non-zero exit", async () => {
        const run = await cli(["solve", "--student", "/nonexistent/model.gguf", "--threads", "1", "hello"]);
        assertOneLineError(run, /\/nonexistent\/model\.gguf/);
    });

    it("an unreachable teacher is one clear line and a non-zero exit", async () => {
        const port = await freeLoopbackPort();
        const run = await cli(["solve", "--student", studentModelPath, "--teacher-url", `http://127.0.0.1:${port}/v1`, "--threads", "1", "hello"]);
        assertOneLineError(run, new RegExp(`127\\.0\\.0\\.1:${port}`));
    });

    it("an unknown flag is one clear line and exit code 2", async () => {
        const run = await cli(["solve", "--frobnicate", "hello"]);
        assertOneLineError(run, /frobnicate/);
        assert.equal(run.code, 2);
    });

    it("a bad value and a missing prompt are usage errors", async () => {
        assertOneLineError(await cli(["solve", "--student", studentModelPath, "--mode", "turbo", "hi"]), /--mode/);
        assertOneLineError(await cli(["solve", "--student", studentModelPath, "--max-tokens", "-3", "hi"]), /--max-tokens/);
        assertOneLineError(await cli(["solve", "--student", studentModelPath]), /PROMPT/);
        assertOneLineError(await cli(["solve", "--student", studentModelPath, "--grammar", "/nonexistent.gbnf", "hi"]), /nonexistent\.gbnf/);
    });
});
