import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { TeacherRequestError, type TeacherRequest } from "../../src/relay";
import { OpenAiTeacher } from "../../src/teacher";

// OpenAiTeacher against a local STUB HTTP server that plays scripted responses: it pins down how the
// openai SDK surfaces failures no real llama-server produces on demand (broken JSON, missing finish
// reasons, error objects mid-stream) and which headers go out. Real-server behaviour is in test/model/.

type Script = (response: ServerResponse) => void;
interface Seen {
    headers: IncomingMessage["headers"];
    body: Record<string, unknown>;
}

const scripts: Script[] = [];
const seen: Seen[] = [];
const server = createServer(async (request, response) => {
    let text = "";
    for await (const part of request) text += part;
    seen.push({ headers: request.headers, body: JSON.parse(text) as Record<string, unknown> });
    const script = scripts.shift();
    if (script) script(response);
    else response.writeHead(500).end();
});
let baseURL = "";

function sse(response: ServerResponse, events: string[]): void {
    response.writeHead(200, { "content-type": "text/event-stream" });
    for (const event of events) response.write(`data: ${event}\n\n`);
    response.end();
}

function jsonError(status: number, message: string): Script {
    return (response) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message } }));
}

const ask: TeacherRequest = { messages: [{ role: "user", content: "Hi" }], templatedPrompt: "<s>Hi", partial: " there", maxTokens: 4 };

async function failure(teacher: OpenAiTeacher): Promise<TeacherRequestError> {
    const error = await teacher.continue(ask).then(
        () => undefined,
        (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof TeacherRequestError, `expected a TeacherRequestError, got ${String(error)}`);
    return error;
}

function teacher(extra: Partial<ConstructorParameters<typeof OpenAiTeacher>[0]> = {}): OpenAiTeacher {
    return new OpenAiTeacher({ baseURL, model: "stub", maxRetries: 0, timeoutMs: 5000, ...extra });
}

describe("OpenAiTeacher against a stub HTTP server", () => {
    before(async () => {
        server.listen(0, "127.0.0.1");
        await once(server, "listening");
        baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    after(() => server.close());

    test("a chunk that is not JSON is kind bad-response", async () => {
        scripts.push((response) => sse(response, ['{"choices":[{"text":"a","finish_reason":null}]}', "{not json"]));
        assert.equal((await failure(teacher())).kind, "bad-response");
    });

    test("a stream that ends without a finish reason is kind bad-response", async () => {
        scripts.push((response) => sse(response, ['{"choices":[{"text":"a","finish_reason":null}]}', "[DONE]"]));
        assert.equal((await failure(teacher())).kind, "bad-response");
    });

    test("an error object inside the stream is kind server", async () => {
        scripts.push((response) => sse(response, ['{"choices":[{"text":"a","finish_reason":null}]}', '{"error":{"code":500,"message":"slot crashed","type":"server_error"}}']));
        const error = await failure(teacher());
        assert.equal(error.kind, "server");
        assert.match(error.message, /slot crashed/);
    });

    test("401 is kind auth, 429 is kind rate-limit", async () => {
        scripts.push(jsonError(401, "bad key"));
        assert.equal((await failure(teacher())).kind, "auth");
        scripts.push(jsonError(429, "slow down"));
        assert.equal((await failure(teacher())).kind, "rate-limit");
    });

    test("a 503 is retried maxRetries times before it becomes kind server", async () => {
        const before = seen.length;
        scripts.push((response) => response.writeHead(503, { "retry-after-ms": "10" }).end(), (response) => response.writeHead(503, { "retry-after-ms": "10" }).end());
        assert.equal((await failure(teacher({ maxRetries: 1 }))).kind, "server");
        assert.equal(seen.length - before, 2);
    });

    test("without apiKey a placeholder goes out, never OPENAI_* environment values", async () => {
        const saved = { key: process.env.OPENAI_API_KEY, org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID };
        Object.assign(process.env, { OPENAI_API_KEY: "sk-from-env", OPENAI_ORG_ID: "org-env", OPENAI_PROJECT_ID: "proj-env" });
        try {
            scripts.push((response) => sse(response, ['{"choices":[{"text":"a","finish_reason":"stop"}]}', "[DONE]"]));
            await teacher().continue(ask);
            const headers = seen.at(-1)!.headers;
            assert.equal(headers.authorization, "Bearer sk-no-key-required");
            assert.equal(headers["openai-organization"], undefined);
            assert.equal(headers["openai-project"], undefined);
        } finally {
            for (const [name, value] of [["OPENAI_API_KEY", saved.key], ["OPENAI_ORG_ID", saved.org], ["OPENAI_PROJECT_ID", saved.project]] as const) {
                if (value === undefined) delete process.env[name];
                else process.env[name] = value;
            }
        }
    });

    test("a given apiKey goes out as the bearer token and never appears in error messages", async () => {
        scripts.push(jsonError(401, "Incorrect API key provided: sk-secret-123"));
        const error = await failure(teacher({ apiKey: "sk-secret-123" }));
        assert.equal(seen.at(-1)!.headers.authorization, "Bearer sk-secret-123");
        assert.doesNotMatch(error.message, /sk-secret-123/);
    });

    test("the body streams with usage and continues the partial answer", async () => {
        scripts.push((response) => sse(response, ['{"choices":[{"text":"!","finish_reason":"stop"}]}', "[DONE]"]));
        const result = await teacher().continue(ask);
        assert.deepEqual(result, { text: "!", finishReason: "stop" });
        const body = seen.at(-1)!.body;
        assert.equal(body.prompt, "<s>Hi there");
        assert.equal(body.stream, true);
        assert.deepEqual(body.stream_options, { include_usage: true });
    });
});
