// Broken files and bad input end in one clear stderr line naming the real cause: the built `relayllm` CLI
// in a child process with the real stories260K student in its real worker process. Broken copies of the
// shared model are written to a temporary folder, never into the repository.
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkGgufHeader } from "../../src/student/model/ggufHeaderCheck";
import { checkModelFile } from "../../src/student/model/modelFileCheck";
import { importNodeLlamaCpp } from "../../src/student/model/nodeLlamaCpp";
import { cli, type CliRun } from "../support/cli";
import { ggufHead } from "../support/ggufBytes";
import { requireSharedModels, studentModelPath, teacherModelPath } from "../support/paths";

/** Exactly one line on stderr, ours, no stack trace; and the exit code. */
function assertOneLine(run: CliRun, code: number, pattern: RegExp): string {
    const lines = run.stderr.split("\n").filter((line) => line !== "");
    assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
    assert.match(lines[0]!, /^relayllm: /);
    assert.match(lines[0]!, pattern);
    assert.ok(!/\bat .+:\d+:\d+/.test(run.stderr), "stack trace on stderr");
    assert.equal(run.code, code, run.stderr);
    return lines[0]!;
}

const solve = (...args: string[]) => ["solve", "--mode", "teacher-free", "--threads", "1", "--temperature", "0", ...args];

/** The worker process the CLI forked, as soon as it exists. */
async function workerOf(child: ChildProcess): Promise<number> {
    for (let tries = 0; tries < 1000; tries++) {
        if (child.exitCode !== null) throw new Error("the CLI exited before it started a worker");
        let pids = "";
        try {
            pids = execFileSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" }).trim();
        } catch {
            // ps exits 1 while the CLI has no child yet.
        }
        if (pids !== "") return Number(pids.split("\n")[0]);
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error("no worker process appeared");
}

describe("bad files and bad input: one clear line", () => {
    let dir: string;
    before(() => {
        requireSharedModels();
        dir = mkdtempSync(join(tmpdir(), "relayllm-bad-input-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("a GGUF cut short (a download or copy interrupted) is 'incomplete or corrupted', with no llama.cpp lines", async () => {
        const truncated = join(dir, "truncated.gguf");
        copyFileSync(studentModelPath, truncated);
        truncateSync(truncated, 600_000);
        const line = assertOneLine(await cli(solve("--student", truncated, "hello")), 1, /truncated\.gguf: the model file is incomplete or corrupted/);
        assert.ok(!line.includes("llama_model_load"), line);

        const headerOnly = join(dir, "header-cut.gguf");
        writeFileSync(headerOnly, readFileSync(studentModelPath).subarray(0, 100));
        assertOneLine(await cli(solve("--student", headerOnly, "hello")), 1, /header-cut\.gguf: the model file is incomplete or corrupted/);
    });

    it("a hostile header (2^62 tensors in 1 KB) is one line at once, before node-llama-cpp's reader could spin on it", async () => {
        const hostile = join(dir, "hostile.gguf");
        writeFileSync(hostile, Buffer.concat([ggufHead(2n ** 62n, 0), Buffer.alloc(1000)]));
        const started = performance.now();
        const run = await cli(solve("--student", hostile, "hello"));
        const elapsed = performance.now() - started;
        assertOneLine(run, 1, /hostile\.gguf: the model file is incomplete or corrupted \(its header claims 2\^62 tensors in a 1 KB file\)\.$/);
        // About 0.2 s with the worker's start; without the check it never ends.
        assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
    });

    it("the shared models pass the header check in milliseconds, their data where node-llama-cpp finds it", async () => {
        const nlc = await importNodeLlamaCpp();
        for (const path of [studentModelPath, teacherModelPath]) {
            const started = performance.now();
            await checkModelFile(path);
            assert.ok(performance.now() - started < 1000, `${path}: ${(performance.now() - started).toFixed(0)} ms`);
            const info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
            const layout = checkGgufHeader(path, statSync(path).size);
            assert.equal(layout.tensorCount, info.tensorCount);
            assert.equal(layout.dataOffset, info.infoEndOffset);
        }
    });

    it("a missing file, a directory and a file that is not GGUF each name their cause", async () => {
        assertOneLine(await cli(solve("--student", join(dir, "missing.gguf"), "hello")), 1, /missing\.gguf does not exist/);
        const folder = join(dir, "folder.gguf");
        mkdirSync(folder);
        assertOneLine(await cli(solve("--student", folder, "hello")), 1, /folder\.gguf is a directory, not a \.gguf file/);
        const text = join(dir, "notes.gguf");
        writeFileSync(text, "these are notes, not a model\n");
        assertOneLine(await cli(solve("--student", text, "hello")), 1, /notes\.gguf is not a GGUF file/);
    });

    it("an invalid grammar file is 'grammar file X: parse error near line N', without llama.cpp echoing the file", async () => {
        const grammar = join(dir, "broken.gbnf");
        writeFileSync(grammar, 'root ::= word " " word\nword ::= [a-z]+\nbad ::= ( "x"\nend ::= "."\n');
        const run = await cli(solve("--student", studentModelPath, "--grammar", grammar, "hello"));
        assertOneLine(run, 2, new RegExp(`grammar file ${grammar.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: parse error near line \\d+: `));
        assert.ok(!run.stderr.includes("word ::="), "the grammar was echoed");

        const undefinedRule = join(dir, "undefined.gbnf");
        writeFileSync(undefinedRule, 'root ::= greeting\ngreeting ::= "hi " name\n');
        assertOneLine(await cli(solve("--student", studentModelPath, "--grammar", undefinedRule, "hello")), 2, /undefined\.gbnf: parse error near line 2: Undefined rule identifier 'name'$/);
    });

    it("with RELAYLLM_DEBUG=1 the routed llama.cpp output is shown after all", async () => {
        const grammar = join(dir, "debug.gbnf");
        writeFileSync(grammar, 'root ::= "a" (\n');
        const run = await cli(solve("--student", studentModelPath, "--grammar", grammar, "hello"), { RELAYLLM_DEBUG: "1" });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /error parsing grammar/);
        assert.match(run.stderr, /llama\.cpp (warn|info|error): /);
        assert.match(run.stderr, /relayllm: grammar file .*debug\.gbnf: parse error near line 1/);
    });

    it("a 210 KB prompt passes through standard input and --prompt-file, whole (too long for this student: one line with its size)", async () => {
        const prompt = "Once upon a time there was a cat. ".repeat(6_200); // 210,800 bytes; one argument may hold 128 KiB
        const file = join(dir, "prompt.txt");
        writeFileSync(file, prompt);
        const viaStdin = assertOneLine(await cli(solve("--student", studentModelPath, "-"), {}, { input: prompt }), 2, /the prompt has (\d+) tokens but the student context holds \d+/);
        const viaFile = assertOneLine(await cli(solve("--student", studentModelPath, "--prompt-file", file)), 2, /the prompt has (\d+) tokens/);
        const tokens = Number(/has (\d+) tokens/.exec(viaStdin)![1]);
        assert.ok(tokens > 6_200 * 8, `only ${tokens} tokens arrived`);
        assert.equal(viaFile, viaStdin);
    });

    it("a prompt from standard input is answered like the same prompt as an argument", async () => {
        const prompt = "Once upon a time, there was a little dog.";
        const fromStdin = await cli(solve("--student", studentModelPath, "--max-tokens", "12", "--json", "-"), {}, { input: prompt });
        const fromArg = await cli(solve("--student", studentModelPath, "--max-tokens", "12", "--json", prompt));
        assert.equal(fromStdin.code, 0, fromStdin.stderr);
        assert.equal(fromStdin.stderr, "");
        assert.equal(JSON.parse(fromStdin.stdout).text, JSON.parse(fromArg.stdout).text);
        assert.ok(JSON.parse(fromStdin.stdout).templatedPrompt.includes(prompt));
    });

    it("a number out of range gets our words, not the argument parser's", async () => {
        assertOneLine(await cli(solve("--student", studentModelPath, "--max-tokens", "-5", "hello")), 2, /^relayllm: --max-tokens must be a positive integer, got -5$/);
        assertOneLine(await cli(["bench", "--dataset", "gsm8k", "--student", studentModelPath, "--modes", "student-only", "--limit", "-1"]), 2, /^relayllm: --limit must be a positive integer, got -1$/);
    });

    it("the worker killed while loading the model: one line; the next solve works", async () => {
        const run = await cli(solve("--student", studentModelPath, "hello"), {}, {
            onStart: (child) => void workerOf(child).then((pid) => process.kill(pid, "SIGKILL")),
        });
        assertOneLine(run, 1, /student worker process \(pid \d+\) was killed by SIGKILL/);
        const next = await cli(solve("--student", studentModelPath, "--max-tokens", "8", "--json", "hello"));
        assert.equal(next.code, 0, next.stderr);
        assert.ok(JSON.parse(next.stdout).usage.studentTokens > 0);
    });

    it("the worker killed while generating: one line after the partial answer; the next solve works", async () => {
        // The grammar keeps the tiny model writing for over a thousand tokens, so the kill lands mid-answer.
        const grammar = join(dir, "long.gbnf");
        writeFileSync(grammar, "root ::= [a-z ]{1500}\n");
        let killed = false;
        const run = await cli(solve("--student", studentModelPath, "--grammar", grammar, "--max-tokens", "1500", "Once upon a time"), {}, {
            onStart: (child) => {
                const worker = workerOf(child);
                child.stdout!.once("data", () => void worker.then((pid) => (process.kill(pid, "SIGKILL"), (killed = true))));
            },
        });
        assert.ok(killed);
        assert.ok(run.stdout.length > 0 && run.stdout.length < 1500, `partial answer of ${run.stdout.length} characters`);
        const line = assertOneLine(run, 1, /student worker process \(pid \d+\) was killed by SIGKILL/);
        assert.ok(!/llama\.cpp (warn|info)/.test(line), `a routine log line stands in for the cause: ${line}`);
        const next = await cli(solve("--student", studentModelPath, "--grammar", grammar, "--max-tokens", "16", "--json", "Once upon a time"));
        assert.equal(next.code, 0, next.stderr);
        assert.equal(JSON.parse(next.stdout).usage.studentTokens, 16);
    });
});
