// The solve and bench command lines: numeric flags out of range get our own one-line message (never the
// argument parser's "argument is ambiguous"), and the prompt can come from a file or standard input.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { parseBenchArgs } from "../../src/cli/benchArgs";
import { MAX_PROMPT_BYTES } from "../../src/cli/promptInput";
import { parseSolveArgs, readSolveArgs } from "../../src/cli/solveArgs";
import { runSubcommand } from "../../src/cli/subcommands";
import { UsageError } from "../../src/cli/usageError";

const solveBase = ["--student", "s.gguf"];
const benchBase = ["--dataset", "gsm8k", "--student", "s.gguf", "--teacher-url", "http://127.0.0.1:8000"];

function usageMessage(run: () => unknown): string {
    try {
        run();
    } catch (error) {
        assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
        return error.message;
    }
    assert.fail("expected a UsageError");
}

describe("numeric flags", () => {
    const shared: [string, string][] = [
        ["--max-tokens", "must be a positive integer"],
        ["--max-call-tokens", "must be a positive integer"],
        ["--max-teacher-tokens", "must be 0 or a positive integer"],
        ["--max-calls", "must be 0 or a positive integer"],
        ["--seed", "must be 0 or a positive integer"],
        ["--threads", "must be a positive integer"],
        ["--confidence-tokens", "must be a positive integer"],
        ["--temperature", "must be a number from 0 to 2"],
        ["--confidence-threshold", "must be a number from 0 to 1"],
        ["--price-input", "must be a number >= 0"],
        ["--price-cached-input", "must be a number >= 0"],
        ["--price-output", "must be a number >= 0"],
        ["--teacher-timeout", "must be a number from 0 to 3600"],
    ];
    const benchOnly: [string, string][] = [
        ["--limit", "must be a positive integer"],
        ["--repeat", "must be a positive integer"],
        ["--concurrency", "must be a positive integer"],
        ["--router-fraction", "must be a number from 0 to 1"],
    ];
    for (const [flag, wanted] of shared) {
        it(`solve and bench: ${flag} -5 says "${wanted}, got -5"`, () => {
            for (const parse of [() => parseSolveArgs([...solveBase, flag, "-5", "why?"], {}), () => parseBenchArgs([...benchBase, flag, "-5"], {})]) {
                assert.equal(usageMessage(parse), `${flag} ${wanted}, got -5`);
            }
        });
    }
    for (const [flag, wanted] of benchOnly) {
        it(`bench: ${flag} -5 says "${wanted}, got -5"`, () => {
            assert.equal(usageMessage(() => parseBenchArgs([...benchBase, flag, "-5"], {})), `${flag} ${wanted}, got -5`);
        });
    }

    it("the message from the issue, word for word; and --flag=-5 reads the same", () => {
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--max-tokens", "-5", "q"], {})), "--max-tokens must be a positive integer, got -5");
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--max-tokens=-5", "q"], {})), "--max-tokens must be a positive integer, got -5");
    });

    it("fractions, exponents, words and numbers too large for an integer are refused by name", () => {
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--max-tokens", "1.5", "q"], {})), "--max-tokens must be a positive integer, got 1.5");
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--max-tokens", "1e3", "q"], {})), "--max-tokens must be a positive integer, got 1e3");
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--threads", "0", "q"], {})), "--threads must be a positive integer, got 0");
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--max-tokens", "99999999999999999999", "q"], {})), "--max-tokens must be a positive integer, got 99999999999999999999 (too large)");
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--temperature", "hot", "q"], {})), "--temperature must be a number from 0 to 2, got hot");
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "--temperature", "-0.5", "q"], {})), "--temperature must be a number from 0 to 2, got -0.5");
    });

    it("in-range values still parse, and 0 where 0 is allowed", () => {
        const args = parseSolveArgs([...solveBase, "--max-tokens", "64", "--max-calls", "0", "--temperature", "0", "--price-input", "0.15", "q"], {});
        assert.deepEqual([args.maxTokens, args.maxCalls, args.temperature, args.prices.inputPerMillion], [64, 0, 0, 0.15]);
    });

    it("a value flag followed by another flag or by nothing says so", () => {
        assert.equal(usageMessage(() => parseSolveArgs(["--student", "--json", "q"], {})), '--student needs a value, got the flag --json (for a value that starts with "-", write --student=VALUE)');
        assert.equal(usageMessage(() => parseSolveArgs([...solveBase, "q", "--max-tokens"], {})), "--max-tokens needs a value");
        assert.equal(parseBenchArgs([...benchBase, "--prompt-suffix=-- end"], {}).promptSuffix, "-- end");
    });

    it("after --, everything is the prompt, even what looks like a flag", () => {
        assert.equal(parseSolveArgs([...solveBase, "--", "-5", "--json"], {}).prompt, "-5 --json");
    });
});

describe("--relay-trained", () => {
    it("solve and bench: true and false override the model's own answer, auto (the default) leaves it to the GGUF", () => {
        for (const parse of [(flags: string[]) => parseSolveArgs([...solveBase, ...flags, "q"], {}), (flags: string[]) => parseBenchArgs([...benchBase, ...flags], {})]) {
            assert.equal(parse([]).relayTrained, undefined);
            assert.equal(parse(["--relay-trained", "auto"]).relayTrained, undefined);
            assert.equal(parse(["--relay-trained", "true"]).relayTrained, true);
            assert.equal(parse(["--relay-trained", "false"]).relayTrained, false);
            assert.equal(usageMessage(() => parse(["--relay-trained", "yes"])), '--relay-trained must be true, false or auto, got "yes"');
        }
    });
});

describe("the solve prompt", () => {
    const big = "What is 2 + 2? ".repeat(14_000); // 210 KB: past Linux's 128 KiB cap on one argument

    it("- reads standard input, whole (a 210 KB prompt)", async () => {
        const args = await readSolveArgs([...solveBase, "-"], {}, Readable.from([Buffer.from(big.slice(0, 70_000)), Buffer.from(big.slice(70_000))]));
        assert.equal(args.prompt, big);
    });

    it("--prompt-file reads a file, whole; --prompt-file - reads standard input", async () => {
        const file = join(mkdtempSync(join(tmpdir(), "relayllm-prompt-")), "prompt.txt");
        writeFileSync(file, big);
        assert.equal((await readSolveArgs([...solveBase, "--prompt-file", file], {}, Readable.from([]))).prompt, big);
        assert.equal((await readSolveArgs([...solveBase, "--prompt-file", "-"], {}, Readable.from(["from stdin"]))).prompt, "from stdin");
    });

    it("a - inside a longer prompt is just a character", async () => {
        assert.equal((await readSolveArgs([...solveBase, "what", "is", "5", "-", "3"], {}, Readable.from([]))).prompt, "what is 5 - 3");
    });

    it("missing, directory, empty, oversized and doubled prompts are one-line usage errors", async () => {
        const dir = mkdtempSync(join(tmpdir(), "relayllm-prompt-"));
        const empty = join(dir, "empty.txt");
        writeFileSync(empty, " \n");
        const cases: [string[], Readable, RegExp][] = [
            [["--prompt-file", join(dir, "missing.txt")], Readable.from([]), /^cannot read --prompt-file .*missing\.txt: ENOENT$/],
            [["--prompt-file", dir], Readable.from([]), /^cannot read --prompt-file .*: EISDIR$/],
            [["--prompt-file", empty], Readable.from([]), /^the prompt from --prompt-file .*empty\.txt is empty$/],
            [["-"], Readable.from([]), /^the prompt from standard input is empty$/],
            [["-"], Readable.from([Buffer.alloc(MAX_PROMPT_BYTES + 1, 0x61)]), /^the prompt from standard input is larger than 16777216 bytes$/],
            [["--prompt-file", empty, "also a prompt"], Readable.from([]), /^give the prompt either as PROMPT or with --prompt-file, not both$/],
        ];
        for (const [argv, stdin, pattern] of cases) {
            await assert.rejects(readSolveArgs([...solveBase, ...argv], {}, stdin), (error: unknown) => error instanceof UsageError && pattern.test(error.message));
        }
    });
});

describe("subcommands", () => {
    const ran: string[][] = [];
    const table = { build: async (argv: string[]) => (ran.push(argv), 7), check: async () => 0 };

    it("runs the named one with the arguments after its name", async () => {
        assert.equal(await runSubcommand(["build", "--out", "x"], table, "usage text", "thing"), 7);
        assert.deepEqual(ran.at(-1), ["--out", "x"]);
    });

    it("names every subcommand when the name is unknown, including names an object inherits", async () => {
        for (const name of ["bild", "constructor", "__proto__", "toString"]) {
            await assert.rejects(runSubcommand([name], table, "usage text", "thing"), (error: unknown) => {
                assert.ok(error instanceof UsageError);
                assert.equal(error.message, `unknown thing "${name}" (expected build or check; try: relayllm help)`);
                return true;
            });
        }
    });

    it("prints the usage: exit 0 when asked for, 2 when nothing was named", async () => {
        const written: string[] = [];
        const write = process.stdout.write;
        process.stdout.write = ((chunk: string, callback?: () => void) => (written.push(chunk), callback?.(), true)) as typeof process.stdout.write;
        try {
            assert.equal(await runSubcommand(["--help"], table, "usage text", "thing"), 0);
            assert.equal(await runSubcommand([], table, "usage text", "thing"), 2);
        } finally {
            process.stdout.write = write;
        }
        assert.deepEqual(written, ["usage text\n", "usage text\n"]);
    });
});
