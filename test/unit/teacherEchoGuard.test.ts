import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EchoGuard } from "../../src/teacher/echoGuard";

function run(echo: string, deltas: string[]): string[] {
    const guard = new EchoGuard(echo);
    return [...deltas.map((delta) => guard.push(delta)), guard.flush()].filter((text) => text !== "");
}

describe("EchoGuard", () => {
    test("drops the echoed partial answer that arrives with the first new text (llama-server's implicit prefill)", () => {
        assert.deepEqual(run("Once upon a time ", ["Once upon a time he ", "saw a ", "bird"]), ["he ", "saw a ", "bird"]);
    });

    test("drops an echo split over several deltas", () => {
        assert.deepEqual(run("Once upon", ["Once", " up", "on a", " time"]), [" a", " time"]);
    });

    test("passes an answer that does not start with the partial answer through unchanged", () => {
        assert.deepEqual(run("Once upon", [", there", " was"]), [", there", " was"]);
    });

    test("releases held text as soon as it stops matching", () => {
        assert.deepEqual(run("Once upon", ["On", "ly"]), ["Only"]);
    });

    test("a short answer that only matches the start of the partial answer is kept at the end", () => {
        assert.deepEqual(run("Once upon", ["On"]), ["On"]);
    });

    test("an empty echo passes everything through at once", () => {
        const guard = new EchoGuard("");
        assert.equal(guard.push("Once"), "Once");
        assert.equal(guard.flush(), "");
    });

    test("nothing but the echo leaves an empty answer", () => {
        assert.deepEqual(run("Once upon", ["Once upon"]), []);
    });
});
