import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBenchArgs } from "../../src/cli/benchArgs";
import { UsageError } from "../../src/cli/usageError";
import { REFERENCE_PROMPT_SUFFIX } from "../../src/eval/bench";

const base = ["--dataset", "gsm8k", "--student", "s.gguf", "--teacher-url", "http://127.0.0.1:8000"];

describe("relayllm bench arguments", () => {
    it("defaults: the paper's comparison, F 0.5, K 1, one at a time, seed 0, the reference prompt", () => {
        const args = parseBenchArgs(base, {});
        assert.deepEqual(args.modes, ["student-only", "relay", "teacher-only", "router"]);
        assert.deepEqual([args.routerFractions, args.repeats, args.concurrency, args.seed, args.limit, args.out], [[0.5], 1, 1, 0, undefined, undefined]);
        assert.equal(args.promptSuffix, REFERENCE_PROMPT_SUFFIX);
    });

    it("--batch on decodes the solves in flight in one batch; off (a context each) is the default", () => {
        assert.equal(parseBenchArgs([...base, "--concurrency", "4"], {}).batch, false);
        assert.equal(parseBenchArgs([...base, "--concurrency", "4", "--batch", "on"], {}).batch, true);
        assert.throws(() => parseBenchArgs([...base, "--batch", "maybe"], {}), UsageError);
    });

    it("takes the solve flags and its own", () => {
        const args = parseBenchArgs([...base, "--limit", "20", "--modes", "relay, confidence,relay,router", "--router-fraction", "0.25", "--repeat", "4", "--concurrency", "2", "--out", "o", "--max-tokens", "64", "--threads", "1", "--seed", "7", "--price-output", "2"], {});
        assert.deepEqual(args.modes, ["relay", "confidence", "router"]);
        assert.deepEqual([args.limit, args.routerFractions, args.repeats, args.concurrency, args.out, args.maxTokens, args.threads, args.seed, args.prices.outputPerMillion], [20, [0.25], 4, 2, "o", 64, 1, 7, 2]);
    });

    for (const [argv, pattern] of [
        [["--student", "s.gguf"], /--dataset/],
        [[...base, "--modes", "relay,turbo"], /unknown mode "turbo"/],
        [[...base, "--router-fraction", "1.5"], /--router-fraction/],
        [[...base, "--router-fractions", "0,1.5"], /--router-fractions must be a number from 0 to 1, got 1\.5/],
        [[...base, "--router-fractions", "0,,1"], /--router-fractions has an empty fraction/],
        [[...base, "--router-fractions", "0.2", "--router-fraction", "0.3"], /not both/],
        [[...base, "--modes", "relay", "--router-fractions", "0,1"], /--router-fractions needs router in --modes/],
        [[...base, "--repeat", "0"], /--repeat/],
        [[...base, "--concurrency", "x"], /--concurrency/],
        [[...base, "--limit", "-1"], /--limit/],
        [[...base, "extra"], /unexpected argument "extra"/],
        [[...base, "--mode", "relay"], /--mode/],
        [["--dataset", "gsm8k", "--student", "s.gguf"], /relay,teacher-only,router needs --teacher-url/],
    ] as const) {
        it(`rejects ${argv.slice(base.length > argv.length ? 0 : base.length).join(" ") || argv.join(" ")}`, () => {
            assert.throws(() => parseBenchArgs([...argv], {}), (error: Error) => error instanceof UsageError && pattern.test(error.message));
        });
    }

    it("--router-fractions sweeps the router: one row per fraction, in the order given, duplicates dropped", () => {
        assert.deepEqual(parseBenchArgs([...base, "--router-fractions", "0, 0.25,0.5,0.75,1,0.5"], {}).routerFractions, [0, 0.25, 0.5, 0.75, 1]);
        assert.deepEqual(parseBenchArgs([...base, "--modes", "router,relay", "--router-fractions", "1,0"], {}).routerFractions, [1, 0]);
    });

    it("student-only needs no teacher", () => {
        assert.deepEqual(parseBenchArgs(["--dataset", "gsm8k", "--student", "s.gguf", "--modes", "student-only"], {}).modes, ["student-only"]);
    });

    it("grades the last box by default and the reference's first box under --protocol reference, unless --extract says", () => {
        const base = ["--dataset", "gsm8k", "--student", "s.gguf", "--modes", "student-only"];
        assert.equal(parseBenchArgs(base, {}).extract, "last");
        assert.equal(parseBenchArgs([...base, "--protocol", "reference"], {}).extract, "first");
        assert.equal(parseBenchArgs([...base, "--protocol", "reference", "--extract", "last"], {}).extract, "last");
        assert.throws(() => parseBenchArgs([...base, "--extract", "middle"], {}), /--extract must be first or last/);
    });
});
