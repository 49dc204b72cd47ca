import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededUniform } from "../../src/relay";
import { parseCalls, stripCommands } from "../support/parseCalls";
import { drawInt, insertCalls, parseIntDistribution, tokenBoundaries, type IntDistribution } from "../../src/train/insertCalls";

// A scripted tokenizer: these pieces are the "tokens" of the answer.
const PIECES = ["Once", " upon", " a", " time", ",", " 2", "+", "2", "=", "4", "."];
const TEXT = PIECES.join("");
const decodePrefix = (k: number) => PIECES.slice(0, k).join("");
const fixed = (n: number): IntDistribution => ({ kind: "choice", values: [n] });

describe("warm-up command insertion", () => {
    it("finds every token boundary, both ends included", () => {
        const offsets = tokenBoundaries(TEXT, PIECES.length, decodePrefix);
        assert.equal(offsets.length, PIECES.length + 1);
        assert.deepEqual(offsets.slice(0, 4), [0, 4, 9, 11]);
        assert.equal(offsets.at(-1), TEXT.length);
    });

    it("skips a boundary whose decoded prefix is not a prefix of the text", () => {
        const garbled = (k: number) => (k === 2 ? "Once  upon" : decodePrefix(k));
        const offsets = tokenBoundaries(TEXT, PIECES.length, garbled);
        assert.ok(!offsets.includes(9) && !offsets.includes(10));
        assert.equal(offsets.length, PIECES.length);
    });

    it("writes the drawn count into each command at distinct boundaries, and leaves the answer otherwise unchanged", () => {
        const boundaries = tokenBoundaries(TEXT, PIECES.length, decodePrefix);
        for (let seed = 0; seed < 50; seed++) {
            const { text, calls } = insertCalls(TEXT, boundaries, { commands: fixed(3), callTokens: { kind: "uniform", min: 5, max: 9 }, random: seededUniform(seed) });
            const commands = parseCalls(text).filter((s) => s.kind === "command");
            assert.equal(commands.length, 3);
            assert.deepEqual(commands.map((c) => (c.kind === "command" ? c.requested : -1)), calls.map((c) => c.n));
            assert.ok(calls.every((c) => c.n >= 5 && c.n <= 9 && boundaries.includes(c.offset)));
            assert.equal(new Set(calls.map((c) => c.offset)).size, 3);
            assert.equal(stripCommands(text), TEXT);
        }
    });

    it("is reproducible from the seed", () => {
        const boundaries = tokenBoundaries(TEXT, PIECES.length, decodePrefix);
        const run = (seed: number) => insertCalls(TEXT, boundaries, { commands: { kind: "uniform", min: 0, max: 3 }, callTokens: { kind: "uniform", min: 1, max: 64 }, random: seededUniform(seed) }).text;
        assert.equal(run(7), run(7));
        assert.ok(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(run)).size > 1);
    });

    it("never inserts more commands than there are boundaries", () => {
        const { calls } = insertCalls("ab", [0, 1, 2], { commands: fixed(10), callTokens: fixed(1), random: seededUniform(1) });
        assert.deepEqual(calls.map((c) => c.offset), [0, 1, 2]);
    });

    it("draws every value of a uniform range and nothing outside it", () => {
        const random = seededUniform(3);
        const seen = new Set(Array.from({ length: 400 }, () => drawInt({ kind: "uniform", min: 0, max: 3 }, random)));
        assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
    });

    it("parses the distribution flags and says why a bad one is refused", () => {
        assert.deepEqual(parseIntDistribution("0-3", 0), { kind: "uniform", min: 0, max: 3 });
        assert.deepEqual(parseIntDistribution("uniform:1-64", 1), { kind: "uniform", min: 1, max: 64 });
        assert.deepEqual(parseIntDistribution("choice:8,16,32", 1), { kind: "choice", values: [8, 16, 32] });
        assert.deepEqual(parseIntDistribution("5", 0), { kind: "choice", values: [5] });
        assert.match(parseIntDistribution("3-1", 0) as string, /LO <= HI/);
        assert.match(parseIntDistribution("choice:0,4", 1) as string, />= 1/);
        assert.equal(typeof parseIntDistribution("normal:3", 0), "string");
    });
});
