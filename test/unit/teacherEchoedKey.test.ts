import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { completionChunk, startStubServer, type StubServer } from "../support/stubServer";
import { after, before, describe, test } from "node:test";
import { TeacherRequestError, type TeacherRequest } from "../../src/relay";
import { redactSecrets, registerSecret } from "../../src/relay/redactCredentials";
import { OpenAiTeacher } from "../../src/teacher";
import { SecretStreamRedactor } from "../../src/teacher/secretStreamRedactor";

// A HOSTILE STUB server (loopback HTTP) that echoes the Authorization header it received into its answers:
// in a JSON error (400, 500), in an error event inside the stream, and in the completion text itself, split
// across chunks. Nothing the adapter hands on may contain the key.

const key = "sk-test-echo-0123456789abcdef";
type Script = (response: ServerResponse, authorization: string) => void;
const scripts: Script[] = [];
let server: StubServer;
let baseURL = "";
const ask: TeacherRequest = { messages: [{ role: "user", content: "Hi" }], templatedPrompt: "<s>Hi", partial: " there", maxTokens: 64 };
const chunk = completionChunk;

async function failure(script: Script): Promise<TeacherRequestError> {
    scripts.push(script);
    const error = await new OpenAiTeacher({ baseURL, model: "stub", apiKey: key, timeoutMs: 2000, maxRetries: 0 }).continue(ask).then(
        () => assert.fail("expected a failure"),
        (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof TeacherRequestError, String(error));
    return error;
}

describe("a server that echoes the API key (stub HTTP server)", () => {
    before(async () => {
        server = await startStubServer((request, response) => {
            const script = scripts.shift();
            if (script) script(response, String(request.headers.authorization ?? ""));
            else response.writeHead(500).end();
        });
        baseURL = server.baseURL;
    });
    after(() => server.close());

    for (const status of [400, 500]) {
        test(`in a ${status} JSON error: the message names the failure, never the key`, async () => {
            const error = await failure((response, authorization) =>
                response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `bad key ${authorization.slice(7)}; you sent "${authorization}"` } })),
            );
            assert.doesNotMatch(error.message, new RegExp(key));
            assert.match(error.message, /bad key \*\*\*/);
        });
    }

    test("in an error event inside the stream", async () => {
        const error = await failure((response, authorization) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            response.end(`data: ${JSON.stringify({ error: { message: `token ${authorization} expired`, code: 500 } })}\n\n`);
        });
        assert.doesNotMatch(error.message, new RegExp(key));
    });

    test("in the completion text, split across chunks", async () => {
        scripts.push((response, authorization) => {
            response.writeHead(200, { "content-type": "text/event-stream" });
            const token = authorization.slice(7);
            response.end(chunk("your key is " + token.slice(0, 5)) + chunk(token.slice(5, 12)) + chunk(token.slice(12) + " ok", "stop") + "data: [DONE]\n\n");
        });
        let streamed = "";
        const result = await new OpenAiTeacher({ baseURL, model: "stub", apiKey: key }).continue({ ...ask, onText: (text) => (streamed += text) });
        assert.equal(result.text, "your key is *** ok");
        assert.equal(streamed, result.text);
    });

    test("redactSecrets: the registered key, any bearer token, URL credentials", () => {
        registerSecret(key);
        assert.equal(redactSecrets(`a ${key} b`), "a *** b");
        assert.equal(redactSecrets("Authorization: Bearer abc.DEF-123_x=="), "Authorization: Bearer ***");
        // Prose about bearer tokens stays readable.
        assert.equal(redactSecrets("sent as a Bearer token; Bearer authentication failed"), "sent as a Bearer token; Bearer authentication failed");
        assert.equal(redactSecrets("see http://me:pw@host/v1"), "see http://***@host/v1");
        // Short strings are never registered: they would mangle ordinary text.
        registerSecret("abc");
        assert.equal(redactSecrets("abc"), "abc");
    });

    test("the stream redactor holds back only what could still become a secret", () => {
        const redactor = new SecretStreamRedactor(["secret-key-1"]);
        assert.equal(redactor.push("a secr"), "a ");
        assert.equal(redactor.push("et-key-1 b sec"), "*** b ");
        assert.equal(redactor.push("ond"), "second");
        assert.equal(redactor.push(" secret-k"), " ");
        assert.equal(redactor.flush(), "secret-k");
    });
});
