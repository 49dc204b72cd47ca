import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbortError } from "../../src/relay";
import { keyForOrigin, type KeyConsentAnswer, type OriginMemory } from "../../src/extension/teacherKeyConsent";

/** Global state as a map, and a prompt that answers from a script and records every question. */
function setup(answers: KeyConsentAnswer[]) {
    const stored = new Map<string, unknown>();
    const memory: OriginMemory = { get: <T>(key: string, fallback: T) => (stored.has(key) ? (stored.get(key) as T) : fallback), update: async (key, value) => void stored.set(key, value) };
    const asked: string[] = [];
    const ask = async (origin: string) => {
        asked.push(origin);
        return answers.shift();
    };
    return { stored, memory, asked, ask };
}

describe("the teacher API key goes only to origins the user confirmed", () => {
    it("asks once per origin, sends the key after yes, and does not ask again for that origin", async () => {
        const { memory, asked, ask } = setup(["send"]);
        assert.deepEqual(await keyForOrigin("https://api.example.com/v1", "sk-1", memory, ask), { key: "sk-1", declined: false });
        assert.deepEqual(await keyForOrigin("https://api.example.com/other/v1", "sk-1", memory, ask), { key: "sk-1", declined: false });
        assert.deepEqual(asked, ["https://api.example.com"]);
    });

    it("a workspace pointing the URL at another scheme, host or port is asked about again", async () => {
        const { memory, asked, ask } = setup(["send", "without-key", "without-key", "without-key"]);
        await keyForOrigin("https://api.example.com/v1", "sk-1", memory, ask);
        for (const url of ["http://api.example.com/v1", "https://api.example.com:8443/v1", "https://api.example.com.evil.test/v1"]) {
            assert.deepEqual(await keyForOrigin(url, "sk-1", memory, ask), { declined: true }, url);
        }
        assert.deepEqual(asked, ["https://api.example.com", "http://api.example.com", "https://api.example.com:8443", "https://api.example.com.evil.test"]);
    });

    it("\"without key\" sends nothing and is not remembered; cancelling stops the solve and is not remembered", async () => {
        const { stored, memory, asked, ask } = setup(["without-key", undefined, "send"]);
        assert.deepEqual(await keyForOrigin("http://10.0.0.5:8000/v1", "sk-1", memory, ask), { declined: true });
        await assert.rejects(keyForOrigin("http://10.0.0.5:8000/v1", "sk-1", memory, ask), AbortError);
        assert.equal(stored.size, 0);
        assert.deepEqual(await keyForOrigin("http://10.0.0.5:8000/v1", "sk-1", memory, ask), { key: "sk-1", declined: false });
        assert.equal(asked.length, 3);
    });

    it("without a key there is nothing to send and nothing to ask", async () => {
        const { memory, asked, ask } = setup([]);
        assert.deepEqual(await keyForOrigin("https://api.example.com/v1", undefined, memory, ask), { declined: false });
        assert.deepEqual(asked, []);
    });

    it("asks only once the server answered: a server that does not answer gets no key and no question", async () => {
        const { memory, asked, ask } = setup(["send"]);
        const checked: string[] = [];
        const answers = async (url: string) => (checked.push(url), false);
        assert.deepEqual(await keyForOrigin("http://10.0.0.5:8000/v1", "sk-1", memory, ask, { answers }), { declined: false });
        assert.deepEqual(asked, [], "no question for a server that did not answer");
        assert.deepEqual(checked, ["http://10.0.0.5:8000/v1"]);
        assert.deepEqual(await keyForOrigin("http://10.0.0.5:8000/v1", "sk-1", memory, ask, { answers: async () => true }), { key: "sk-1", declined: false });
        assert.deepEqual(asked, ["http://10.0.0.5:8000"]);
        // Confirmed: no more checks or questions.
        assert.deepEqual(await keyForOrigin("http://10.0.0.5:8000/v1", "sk-1", memory, ask, { answers: async () => assert.fail("checked again") }), { key: "sk-1", declined: false });
    });

    it("Stop ends the wait for an unanswered question (a notification can stay open): an AbortError, nothing remembered", async () => {
        const { stored, memory } = setup([]);
        const stop = new AbortController();
        const never = () => new Promise<KeyConsentAnswer>(() => undefined);
        const waiting = keyForOrigin("https://api.example.com/v1", "sk-1", memory, never, { signal: stop.signal });
        stop.abort();
        await assert.rejects(waiting, AbortError);
        assert.equal(stored.size, 0);
        await assert.rejects(keyForOrigin("https://api.example.com/v1", "sk-1", memory, never, { signal: stop.signal }), AbortError, "already stopped");
    });
});
