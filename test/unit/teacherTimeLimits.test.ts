import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { completionChunk, startStubServer, type StubServer } from "../support/stubServer";
import { after, before, describe, test } from "node:test";
import { AbortError, ConfigError, TeacherRequestError, type TeacherRequest } from "../../src/relay";
import { redactCredentials } from "../../src/relay/redactCredentials";
import { normalizeTeacherUrl, OpenAiTeacher, probeTeacher } from "../../src/teacher";
import { retryAfterMs } from "../../src/teacher/retryAfter";
import { freeLoopbackPort } from "../support/llamaServer";

// OpenAiTeacher's time limits and retries against a local STUB HTTP server playing scripted answers
// (a stalled server, one that stalls mid-stream, 429 with Retry-After, HTML with status 200). The same
// faults in front of the real llama-server are in test/model/teacherFaults.test.ts.

type Script = (response: ServerResponse) => void;
const scripts: Script[] = [];
let requests = 0;
let server: StubServer;
let baseURL = "";
const ask: TeacherRequest = { messages: [{ role: "user", content: "Hi" }], templatedPrompt: "<s>Hi", partial: " there", maxTokens: 4 };
const chunk = completionChunk;
const stall: Script = () => undefined;

function teacher(extra: Partial<ConstructorParameters<typeof OpenAiTeacher>[0]> = {}): OpenAiTeacher {
    return new OpenAiTeacher({ baseURL, model: "stub", timeoutMs: 300, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
        () => assert.fail("expected the call to fail"),
        (error: unknown) => error,
    );
}

describe("teacher time limits and retries (stub HTTP server)", () => {
    before(async () => {
        server = await startStubServer((_, response) => {
            requests += 1;
            const script = scripts.shift();
            if (script) script(response);
            else response.writeHead(500).end();
        });
        baseURL = server.baseURL;
    });
    after(() => server.close());

    test("a server that never sends a byte fails once with kind timeout after the timeout, without retries", async () => {
        const before = requests;
        scripts.push(stall, stall, stall);
        const started = Date.now();
        const error = await rejection(teacher({ maxRetries: 2 }).continue(ask));
        assert.ok(error instanceof TeacherRequestError && error.kind === "timeout", String(error));
        assert.match(error.message, /0\.3 s/);
        const took = Date.now() - started;
        assert.ok(took >= 290 && took < 1500, `took ${took} ms`);
        assert.equal(requests - before, 1);
        scripts.length = 0;
    });

    test("a stream that falls silent between chunks fails with kind timeout, and its text was delivered", async () => {
        scripts.push((response) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            response.write(chunk("Once"));
        });
        const seen: string[] = [];
        const error = await rejection(teacher({ maxRetries: 2 }).continue({ ...ask, onText: (text) => seen.push(text) }));
        assert.ok(error instanceof TeacherRequestError && error.kind === "timeout", String(error));
        assert.deepEqual(seen, ["Once"]);
    });

    test("a slow drip within the timeout is not a timeout", async () => {
        scripts.push((response) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            const parts = [chunk("a"), chunk("b"), chunk("c", "length")];
            const timer = setInterval(() => {
                const next = parts.shift();
                if (next) response.write(next);
                else {
                    clearInterval(timer);
                    response.end("data: [DONE]\n\n");
                }
            }, 150);
        });
        const result = await teacher({ timeoutMs: 400 }).continue(ask);
        assert.deepEqual(result, { text: "abc", finishReason: "length" });
    });

    test("a drip that never stalls ends at the call's total time limit (timeout + grant at the slowest speed) with its text so far", async () => {
        let sent = 0;
        let closed = false;
        scripts.push((response) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            const timer = setInterval(() => {
                sent++;
                response.write(chunk("x"));
            }, 60);
            response.on("close", () => {
                clearInterval(timer);
                closed = true;
            });
        });
        const started = Date.now();
        // 300 ms + 4 tokens at 10 tokens/s = 700 ms.
        const result = await teacher({ minTokensPerSecond: 10 }).continue(ask);
        const took = Date.now() - started;
        assert.equal(result.finishReason, "timeout");
        assert.ok(result.text.length > 0 && /^x+$/.test(result.text), result.text);
        assert.ok(took >= 650 && took < 3000, `took ${took} ms`);
        // The server sees the close a moment after the client returns.
        for (let waited = 0; !closed && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.ok(closed, "the request was not closed");
        assert.ok(sent < 60, `${sent} chunks sent`);
    });

    test("the slowest speed is checked when the teacher is made", () => {
        assert.throws(() => teacher({ minTokensPerSecond: 0 }), ConfigError);
        assert.throws(() => teacher({ minTokensPerSecond: Number.NaN }), ConfigError);
    });

    test("chunks without text do not keep a call alive: a drip of empty chunks is a timeout", async () => {
        scripts.push((response) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            response.write(chunk("a"));
            const timer = setInterval(() => response.write(chunk("")), 50);
            response.on("close", () => clearInterval(timer));
        });
        const error = await rejection(teacher().continue(ask));
        assert.ok(error instanceof TeacherRequestError && error.kind === "timeout", String(error));
    });

    test("a server that said why it stopped and then hangs before closing still gives its answer", async () => {
        scripts.push((response) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            response.write(chunk("done", "stop"));
        });
        assert.deepEqual(await teacher().continue(ask), { text: "done", finishReason: "stop" });
    });

    test("429 with Retry-After is retried after the wait the server asked for", async () => {
        const before = requests;
        scripts.push(
            (response) => response.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end('{"error":{"message":"slow down"}}'),
            (response) => response.writeHead(200, { "content-type": "text/event-stream" }).end(chunk("ok", "stop") + "data: [DONE]\n\n"),
        );
        const started = Date.now();
        const result = await teacher().continue(ask);
        const took = Date.now() - started;
        assert.equal(result.text, "ok");
        assert.equal(requests - before, 2);
        assert.ok(took >= 950 && took < 3000, `took ${took} ms`);
    });

    test("a 500 is retried at most twice (three requests), then kind server", async () => {
        const before = requests;
        const fail: Script = (response) => response.writeHead(500, { "retry-after-ms": "10" }).end();
        scripts.push(fail, fail, fail, fail);
        const error = await rejection(teacher().continue(ask));
        assert.ok(error instanceof TeacherRequestError && error.kind === "server", String(error));
        assert.equal(requests - before, 3);
        scripts.length = 0;
    });

    test("a failure after the first text is never retried", async () => {
        const before = requests;
        scripts.push((response) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            response.write(chunk("half"));
            setTimeout(() => response.socket?.destroy(), 20);
        });
        const error = await rejection(teacher({ timeoutMs: 2000 }).continue(ask));
        assert.ok(error instanceof TeacherRequestError && error.kind === "unreachable", String(error));
        assert.equal(requests - before, 1);
    });

    test("an HTML page with status 200 is kind bad-response and says so", async () => {
        scripts.push((response) => response.writeHead(200, { "content-type": "text/html" }).end("<html><body>Sign in</body></html>"));
        const error = await rejection(teacher().continue(ask));
        assert.ok(error instanceof TeacherRequestError && error.kind === "bad-response", String(error));
        assert.match(error.message, /HTML page/);
    });

    test("the probe finds a live server reachable even when it has no /models route", async () => {
        scripts.push((response) => response.writeHead(404).end());
        await probeTeacher(baseURL, undefined, 2000);
    });

    test("a cancel while waiting for a retry ends at once with AbortError", async () => {
        scripts.push((response) => response.writeHead(429, { "retry-after": "10" }).end());
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const started = Date.now();
        const error = await rejection(teacher().continue({ ...ask, signal: controller.signal }));
        assert.ok(error instanceof AbortError, String(error));
        assert.ok(Date.now() - started < 1000);
        scripts.length = 0;
    });
});

describe("Retry-After parsing", () => {
    test("seconds, milliseconds and dates, capped at 10 s", () => {
        assert.equal(retryAfterMs(new Headers({ "retry-after": "2" })), 2000);
        assert.equal(retryAfterMs(new Headers({ "retry-after": "120" })), 10_000);
        assert.equal(retryAfterMs(new Headers({ "retry-after-ms": "250" })), 250);
        assert.equal(retryAfterMs(new Headers({ "retry-after": new Date(Date.UTC(2030, 0, 1, 0, 0, 3)).toUTCString() }), Date.UTC(2030, 0, 1)), 3000);
        assert.equal(retryAfterMs(new Headers({ "retry-after": "soon" })), undefined);
        assert.equal(retryAfterMs(new Headers()), undefined);
    });
});

describe("credentials in the teacher URL", () => {
    const secretUrl = "http://alice:hunter2@127.0.0.1:9/v1";

    test("normalizeTeacherUrl rejects them in one line that points to RELAY_TEACHER_API_KEY and hides the password", () => {
        const error = (() => {
            try {
                normalizeTeacherUrl(secretUrl);
            } catch (thrown) {
                return thrown;
            }
            return undefined;
        })();
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, /RELAY_TEACHER_API_KEY/);
        assert.doesNotMatch(error.message, /hunter2|alice/);
        assert.doesNotMatch(error.message, /\n/);
    });

    test("the teacher and the probe refuse them too, never as unreachable", async () => {
        assert.throws(() => new OpenAiTeacher({ baseURL: secretUrl, model: "m" }), (error: unknown) => error instanceof ConfigError && !/hunter2/.test(error.message));
        const error = await rejection(probeTeacher(secretUrl, undefined));
        assert.ok(error instanceof ConfigError, String(error));
        assert.doesNotMatch(error.message, /hunter2/);
    });

    test("every engine error message redacts credentials, whoever wrote it", () => {
        assert.equal(new TeacherRequestError(`failed at ${secretUrl} and https://k@x.example/`, "server").message, "failed at http://***@127.0.0.1:9/v1 and https://***@x.example/");
        assert.equal(redactCredentials("see http://127.0.0.1:8080/v1?user=a@b"), "see http://127.0.0.1:8080/v1?user=a@b");
    });
});

describe("a bad teacher URL is the user's configuration mistake, wherever it is found", () => {
    test("one ConfigError (the CLI's exit 2) for a URL that does not parse, is not http(s) or carries credentials", async () => {
        for (const url of ["127.0.0.1 port 8080", "ftp://127.0.0.1/v1", "http://alice:hunter2@127.0.0.1:9/v1"]) {
            assert.throws(() => normalizeTeacherUrl(url), ConfigError, url);
            assert.throws(() => new OpenAiTeacher({ baseURL: url, model: "m" }), ConfigError, url);
            assert.ok((await rejection(probeTeacher(url, undefined))) instanceof ConfigError, url);
        }
        assert.equal(normalizeTeacherUrl("http://127.0.0.1:8080"), "http://127.0.0.1:8080/v1");
    });
});

describe("probeTeacher names the real cause", () => {
    test("a refused connection says connection refused", async () => {
        const port = await freeLoopbackPort();
        const error = await rejection(probeTeacher(`http://127.0.0.1:${port}/v1`, undefined, 2000));
        assert.ok(error instanceof TeacherRequestError && error.kind === "unreachable", String(error));
        assert.match(error.message, /connection refused/);
    });
});
