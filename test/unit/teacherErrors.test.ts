import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
    APIConnectionError,
    APIConnectionTimeoutError,
    APIError,
    APIUserAbortError,
    AuthenticationError,
    BadRequestError,
    PermissionDeniedError,
    RateLimitError,
} from "openai";
import { AbortError, TeacherRequestError } from "../../src/relay";
import { toTeacherError } from "../../src/teacher";

// These tests construct the openai SDK's real error classes directly (no server involved) and check
// how toTeacherError classifies them.

const baseURL = "http://teacher.example:8080/v1";

function mapped(error: unknown, phase?: "request" | "stream"): TeacherRequestError {
    const result = toTeacherError(error, { baseURL, timeoutMs: 1500, phase });
    assert.ok(result instanceof TeacherRequestError, `expected a TeacherRequestError, got ${String(result)}`);
    assert.ok(result.message.includes(baseURL), `message names the base URL: ${result.message}`);
    assert.equal(result.cause, error);
    return result;
}

/** What the SDK builds from an HTTP error response with this status and body. */
function httpError(status: number, message?: string): APIError {
    return APIError.generate(status, message === undefined ? undefined : { error: { message } }, undefined, new Headers());
}

describe("toTeacherError (SDK error classes constructed directly)", () => {
    test("a connection timeout is kind timeout and says how long it waited", () => {
        const error = mapped(new APIConnectionTimeoutError());
        assert.equal(error.kind, "timeout");
        assert.match(error.message, /1.5 s/);
    });

    test("a connection failure is kind unreachable", () => {
        const error = mapped(new APIConnectionError({ cause: new TypeError("fetch failed") }));
        assert.equal(error.kind, "unreachable");
        assert.equal(error.status, undefined);
    });

    test("401 and 403 are kind auth, without echoing the server's text (it may quote the key)", () => {
        const unauthorized = mapped(new AuthenticationError(401, { message: "Incorrect API key provided: sk-abc123" }, undefined, new Headers()));
        assert.equal(unauthorized.kind, "auth");
        assert.equal(unauthorized.status, 401);
        assert.doesNotMatch(unauthorized.message, /sk-abc123/);
        const forbidden = mapped(new PermissionDeniedError(403, undefined, undefined, new Headers()));
        assert.equal(forbidden.kind, "auth");
        assert.equal(forbidden.status, 403);
    });

    test("429 is kind rate-limit", () => {
        const error = mapped(new RateLimitError(429, undefined, undefined, new Headers()));
        assert.equal(error.kind, "rate-limit");
        assert.equal(error.status, 429);
    });

    test("5xx statuses are kind server and carry the server's message", () => {
        for (const status of [500, 502, 503]) {
            const error = mapped(httpError(status, "Loading model"));
            assert.equal(error.kind, "server");
            assert.equal(error.status, status);
            assert.match(error.message, /Loading model/);
        }
    });

    test("other 4xx statuses are kind bad-request and carry the server's message", () => {
        for (const status of [400, 404, 409, 413, 422]) {
            const error = mapped(httpError(status, "request (802 tokens) exceeds the available context size (512 tokens)"));
            assert.equal(error.kind, "bad-request", String(status));
            assert.equal(error.status, status);
            assert.match(error.message, /exceeds the available context size/);
        }
        assert.ok(mapped(new BadRequestError(400, undefined, undefined, new Headers())).message.endsWith("."));
        // Our sentence, then the server's words quoted as detail: a user reads what happened before what the server said.
        assert.match(mapped(httpError(400, "unordered_map::at")).message, /^The teacher at \S+ rejected the request \(400\)\. The server said: “unordered_map::at”\.$/);
    });

    test("a 404 hints at the URL and model name", () => {
        assert.match(mapped(httpError(404)).message, /\/v1/);
    });

    test("an error object inside a stream uses its numeric code, else counts as a server error", () => {
        const inStream = (error: object) => new APIError(undefined, error, undefined, new Headers());
        const server = mapped(inStream({ code: 500, message: "slot unavailable", type: "server_error" }));
        assert.equal(server.kind, "server");
        assert.equal(server.status, 500);
        const badRequest = mapped(inStream({ code: 400, message: "bad grammar" }));
        assert.equal(badRequest.kind, "bad-request");
        assert.equal(badRequest.status, 400);
        assert.equal(mapped(inStream({ message: "something broke" })).kind, "server");
    });

    test("a long server message is shortened", () => {
        const error = mapped(httpError(400, "x".repeat(2000)));
        assert.ok(error.message.length < 500, `length ${error.message.length}`);
    });

    test("while streaming, unparsable JSON is kind bad-response and a dropped connection is unreachable", () => {
        assert.equal(mapped(new SyntaxError("Unexpected token"), "stream").kind, "bad-response");
        assert.equal(mapped(new TypeError("terminated"), "stream").kind, "unreachable");
    });

    test("cancels become the engine's AbortError", () => {
        assert.ok(toTeacherError(new APIUserAbortError(), { baseURL }) instanceof AbortError);
        assert.ok(toTeacherError(new DOMException("aborted", "AbortError"), { baseURL, phase: "stream" }) instanceof AbortError);
        const engineAbort = new AbortError("cancelled");
        assert.equal(toTeacherError(engineAbort, { baseURL }), engineAbort);
    });

    test("errors it does not know are returned unchanged", () => {
        const bug = new TypeError("x is not a function");
        assert.equal(toTeacherError(bug, { baseURL }), bug);
        const syntax = new SyntaxError("outside a stream");
        assert.equal(toTeacherError(syntax, { baseURL, phase: "request" }), syntax);
        assert.equal(toTeacherError("a string", { baseURL }), "a string");
    });
});
