import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Token } from "node-llama-cpp";
import { StopStringMatcher } from "../../src/student/decoding/stopStringMatcher";
import { TokenTextDecoder } from "../../src/student/decoding/tokenTextDecoder";

describe("StopStringMatcher", () => {
    it("stops right after a stop string that arrives split across pieces", () => {
        const matcher = new StopStringMatcher(["</call>"]);
        assert.deepEqual(matcher.push("x <call>1</ca"), { accepted: "x <call>1</ca", overshoot: 0 });
        assert.deepEqual(matcher.push("ll> more"), { accepted: "ll>", stop: "</call>", overshoot: 5 });
        assert.equal(matcher.text, "x <call>1</call>");
    });

    it("picks the stop string that ends first", () => {
        const matcher = new StopStringMatcher(["world", "lo w"]);
        const match = matcher.push("hello world");
        assert.equal(match.stop, "lo w");
        assert.equal(matcher.text, "hello w");
    });

    it("does not match a stop string again that ended in earlier text", () => {
        const matcher = new StopStringMatcher(["ab"]);
        matcher.push("a");
        assert.equal(matcher.push("b").stop, "ab");
        const fresh = new StopStringMatcher([]);
        assert.deepEqual(fresh.push("anything"), { accepted: "anything", overshoot: 0 });
    });

    it("ignores empty stop strings", () => {
        const matcher = new StopStringMatcher([""]);
        assert.equal(matcher.push("text").stop, undefined);
    });
});

describe("TokenTextDecoder", () => {
    // A byte-level vocabulary: token n is the byte n, decoded leniently like llama.cpp's detokenizer.
    const decodeBytes = (tokens: readonly Token[]) => Buffer.from(tokens.map(Number)).toString("utf8");
    const bytes = (text: string) => [...Buffer.from(text, "utf8")] as Token[];

    it("never hands out half of a multi-byte character", () => {
        const decoder = new TokenTextDecoder(decodeBytes, []);
        const pieces = bytes("a€b😀").map((token) => decoder.push(token));
        assert.deepEqual(pieces.map((piece) => piece.text), ["a", "", "", "€", "b", "", "", "", "😀"]);
        assert.deepEqual(pieces.filter((piece) => piece.text !== "").map((piece) => piece.tokens), [1, 3, 1, 4]);
    });

    it("flushes an incomplete character at the end of a turn", () => {
        const decoder = new TokenTextDecoder(decodeBytes, []);
        assert.equal(decoder.push(bytes("€")[0]!).text, "");
        assert.deepEqual(decoder.flush(), { text: "\uFFFD", tokens: 1 });
        assert.deepEqual(decoder.flush(), { text: "", tokens: 0 });
    });

    it("passes the recent tokens as context and detokenizes only a small window", () => {
        const seen: number[] = [];
        const decoder = new TokenTextDecoder((tokens, lastTokens) => {
            seen.push(tokens.length + lastTokens.length);
            return decodeBytes(tokens);
        }, bytes("a long prompt before the turn"));
        for (const token of bytes("x".repeat(100))) decoder.push(token);
        assert.ok(Math.max(...seen) <= 9, `window grew to ${Math.max(...seen)} tokens`);
    });
});
