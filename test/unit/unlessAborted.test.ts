import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unlessAborted } from "../../src/util/unlessAborted";

const never = new Promise<string>(() => undefined);

describe("unlessAborted", () => {
    it("settles as the work does while the signal stays quiet, and without a signal", async () => {
        assert.equal(await unlessAborted(Promise.resolve("done"), new AbortController().signal, () => new Error("no")), "done");
        await assert.rejects(unlessAborted(Promise.reject(new Error("failed")), new AbortController().signal, () => new Error("no")), /failed/);
        assert.equal(await unlessAborted(Promise.resolve(1), undefined, () => new Error("no")), 1);
    });

    it("rejects at once with the caller's error when the signal aborts, though the work never settles; once aborted, at once", async () => {
        const stop = new AbortController();
        let made = 0;
        const waiting = unlessAborted(never, stop.signal, () => (made++, new Error("stopped")));
        stop.abort();
        await assert.rejects(waiting, /stopped/);
        await assert.rejects(unlessAborted(never, stop.signal, () => (made++, new Error("stopped before"))), /stopped before/);
        assert.equal(made, 2, "the error is made once per wait");
    });
});
