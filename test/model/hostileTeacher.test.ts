// A HOSTILE teacher that cannot exist otherwise, played by a STUB loopback server speaking the OpenAI streaming
// format, in front of the built `relayllm solve` with the REAL stories260K student: terminal escapes in its text
// and its error messages, an echoed API key, usage reports that cannot be true. Each ends in an answer or one
// clear line, and nothing reaches the terminal that the user did not ask for.
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { JsonReport } from "../../src/cli/jsonReport";
import { cli } from "../support/cli";
import { startStubServer, type StubServer } from "../support/stubServer";
import { projectRoot, requireSharedModels, studentModelPath } from "../support/paths";

const key = "sk-hostile-test-key-0123456789";
/** Every escape a terminal obeys that we saw servers send: clear screen, OSC 52 clipboard, OSC 8 link, OSC 0 title, BEL, backspace, CR, a C1 CSI. */
const escapes = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\x1b]0;pwned\x07\x08\x08\rX\x9b31m";
const terminalControls = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

type Play = (request: IncomingMessage, response: ServerResponse) => void;
let play: Play = () => undefined;
let server: StubServer;
const event = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;
function stream(response: ServerResponse, text: string, usage?: Record<string, unknown>): void {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(event({ choices: [{ text, finish_reason: null }] }));
    response.end(event({ choices: [{ text: "", finish_reason: "length" }], ...(usage ? { usage } : {}) }) + "data: [DONE]\n\n");
}

let baseURL = "";
const grammar = join(projectRoot, "examples", "grammars", "call-once.gbnf");
const solve = (...extra: string[]) => ["solve", "--student", studentModelPath, "--teacher-url", baseURL, "--grammar", grammar, "--mode", "learned", "--threads", "1", "--seed", "1", "--teacher-timeout", "2", ...extra, "Tell me a story."];

describe("a hostile teacher (stub loopback server, real CLI and student)", () => {
    before(async () => {
        requireSharedModels();
        server = await startStubServer((request, response) => {
            if (request.method === "GET") return void response.writeHead(200, { "content-type": "application/json" }).end('{"data":[]}');
            play(request, response);
        });
        baseURL = server.baseURL;
    });
    after(() => server.close());

    it("terminal escapes in the teacher's text reach the human output inert; --json keeps them escaped", async () => {
        play = (_, response) => stream(response, `ok ${escapes} end`);
        const human = await cli(solve());
        assert.equal(human.code, 0, human.stderr);
        assert.doesNotMatch(human.stdout, terminalControls, JSON.stringify(human.stdout));
        assert.match(human.stdout, /␛\[2J/);
        const json = await cli(solve("--json"));
        assert.equal(json.code, 0, json.stderr);
        assert.ok((JSON.parse(json.stdout) as JsonReport).text.includes("\x1b[2J"), "--json carries the text as sent");
    });

    it("terminal escapes in a server's error message reach neither stdout nor stderr", async () => {
        play = (_, response) => response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `bad ${escapes}` } }));
        const run = await cli(solve());
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /teacher error/);
        assert.doesNotMatch(run.stdout + run.stderr, terminalControls);
    });

    it("an API key the server echoes in its error is never printed: human output, --json, RELAYLLM_DEBUG", async () => {
        play = (request, response) =>
            response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `invalid ${String(request.headers.authorization)} (key ${key})` } }));
        for (const extra of [[], ["--json"]]) {
            const run = await cli(solve(...extra), { RELAY_TEACHER_API_KEY: key, RELAYLLM_DEBUG: "1" });
            assert.equal(run.code, 0, run.stderr);
            assert.ok(!(run.stdout + run.stderr).includes(key), `the key was printed:\n${run.stdout}\n${run.stderr}`);
            assert.match(run.stdout, /invalid Bearer \*\*\*/);
        }
    });

    it("usage that cannot be true (negative, absurd cached count) is not believed: the cost stays at our counts, never negative", async () => {
        for (const usage of [{ prompt_tokens: 10, completion_tokens: -1_000_000 }, { prompt_tokens: 10, completion_tokens: 4, prompt_tokens_details: { cached_tokens: -1e9 } }, { prompt_tokens: 10, completion_tokens: "many" }]) {
            play = (_, response) => stream(response, " the end", usage);
            const run = await cli(solve("--json", "--price-input", "2", "--price-output", "8"));
            assert.equal(run.code, 0, run.stderr);
            const report = JSON.parse(run.stdout) as JsonReport;
            assert.ok(report.events.some((candidate) => candidate.type === "teacher-usage-rejected"), JSON.stringify(usage));
            assert.ok(report.usage.costUSD > 0 && report.usage.costUSD < 0.01, `${JSON.stringify(usage)}: cost ${report.usage.costUSD}`);
        }
    });
});
