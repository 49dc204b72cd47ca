import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallStreamParser, type CallSegment } from "../../src/relay/callParser";
import { parseCalls, stripCommands } from "../support/parseCalls";

/** Feeds `chunks` one by one, as a model would produce them token by token. */
function streamed(chunks: string[]): CallSegment[] {
    const parser = new CallStreamParser();
    const out = chunks.flatMap((chunk) => parser.push(chunk));
    out.push(...parser.flush());
    // Adjacent text runs from different pushes are one stretch for comparison.
    return out.reduce<CallSegment[]>((all, segment) => {
        const last = all[all.length - 1];
        if (segment.kind === "text" && last?.kind === "text") all[all.length - 1] = { kind: "text", text: last.text + segment.text };
        else all.push(segment);
        return all;
    }, []);
}

describe("call command parser", () => {
    it("finds a well-formed command with whitespace inside", () => {
        assert.deepEqual(parseCalls("a <call> 12 </call>b"), [
            { kind: "text", text: "a " },
            { kind: "command", requested: 12, raw: "<call> 12 </call>" },
            { kind: "text", text: "b" },
        ]);
    });

    it("finds a command split across tokens at every possible boundary", () => {
        const text = "step<call>37</call>done";
        for (let i = 1; i < text.length; i++) {
            for (let j = i + 1; j <= text.length; j++) {
                const chunks = [text.slice(0, i), text.slice(i, j), text.slice(j)].filter(Boolean);
                assert.deepEqual(streamed(chunks), parseCalls(text), `split at ${i},${j}`);
            }
        }
        assert.deepEqual(streamed([..."x<call>5</call>y"]), [
            { kind: "text", text: "x" },
            { kind: "command", requested: 5, raw: "<call>5</call>" },
            { kind: "text", text: "y" },
        ]);
    });

    it("holds back only a possible tag start and releases it when it is not one", () => {
        const parser = new CallStreamParser();
        assert.deepEqual(parser.push("a < b and <ca"), [{ kind: "text", text: "a < b and " }]);
        assert.deepEqual(parser.push("t"), [{ kind: "text", text: "<cat" }]);
        assert.deepEqual(parser.flush(), []);
    });

    it("reports N = 0 as a command (the loop treats it as no call)", () => {
        assert.deepEqual(parseCalls("<call>0</call>"), [{ kind: "command", requested: 0, raw: "<call>0</call>" }]);
    });

    it("marks <call> without a count malformed and keeps the text after it", () => {
        assert.deepEqual(parseCalls("a<call>help me</call>b"), [
            { kind: "text", text: "a" },
            { kind: "malformed", raw: "<call>", reason: "bad-count" },
            { kind: "text", text: "help me" },
            { kind: "malformed", raw: "</call>", reason: "stray-close" },
            { kind: "text", text: "b" },
        ]);
        assert.deepEqual(parseCalls("<call></call>"), [{ kind: "malformed", raw: "<call></call>", reason: "bad-count" }]);
        assert.deepEqual(parseCalls("<call>1 2</call>"), [
            { kind: "malformed", raw: "<call>1 ", reason: "bad-count" },
            { kind: "text", text: "2" },
            { kind: "malformed", raw: "</call>", reason: "stray-close" },
        ]);
    });

    it("marks a command unterminated at the end malformed", () => {
        assert.deepEqual(parseCalls("so <call>12"), [
            { kind: "text", text: "so " },
            { kind: "malformed", raw: "<call>12", reason: "unterminated" },
        ]);
        assert.deepEqual(streamed(["so <call>12</ca"]), [
            { kind: "text", text: "so " },
            { kind: "malformed", raw: "<call>12</ca", reason: "unterminated" },
        ]);
    });

    it("marks absurd counts malformed, whether closed or endless", () => {
        assert.deepEqual(parseCalls("<call>1000000000000</call>"), [{ kind: "malformed", raw: "<call>1000000000000</call>", reason: "absurd-count" }]);
        const endless = "<call>" + "9".repeat(200) + " then text";
        const segments = parseCalls(endless);
        assert.equal(segments[0]?.kind, "malformed");
        assert.equal(segments[0]?.kind === "malformed" && segments[0].reason, "absurd-count");
        assert.ok(!segments.some((segment) => segment.kind === "command"));
    });

    it("breaks the outer command of nested <call> and honours the inner one", () => {
        assert.deepEqual(parseCalls("<call>5<call>3</call></call>x"), [
            { kind: "malformed", raw: "<call>5", reason: "nested" },
            { kind: "command", requested: 3, raw: "<call>3</call>" },
            { kind: "malformed", raw: "</call>", reason: "stray-close" },
            { kind: "text", text: "x" },
        ]);
    });

    it("never throws and never lets command text through stripCommands", () => {
        const nasty = ["<call>", "</call>", "<call><call>", "<call>9999999999999999999999</call>", "<<call>>", "<call>\n\n4\n</call>", "</call><call>"];
        let seed = 7;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        for (let round = 0; round < 300; round++) {
            let text = "";
            for (let i = 0; i < 6; i++) text += random() < 0.5 ? nasty[Math.floor(random() * nasty.length)] : "word ";
            const stripped = stripCommands(text);
            assert.ok(!/<call>\s*\d+\s*<\/call>/.test(stripped), `well-formed command survived in ${JSON.stringify(stripped)}`);
            assert.ok(!stripped.includes("</call>") && !stripped.includes("<call>"), `tag survived in ${JSON.stringify(stripped)}`);
        }
    });

    it("strips commands without touching other text", () => {
        assert.equal(stripCommands("x = 2 <call>8</call>so y < 3"), "x = 2 so y < 3");
    });
});
