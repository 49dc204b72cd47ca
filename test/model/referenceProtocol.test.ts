// `--protocol reference`: the paper's evaluation loop, checked at the wire. The built CLI with the real
// stories260K student, a REAL llama-server teacher behind a pass-through recording proxy.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { JsonReport } from "../../src/cli/jsonReport";
import { cli } from "../support/cli";
import { startFaultProxy, type FaultProxy } from "../support/faultProxy";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { requireSharedModels, studentModelPath } from "../support/paths";

/** Six commands in a row: the reference's five student turns let four of them through. */
const sixCalls = `root ::= ${Array.from({ length: 6 }, () => '[a-z ]{6,12} "<call>3</call>"').join(" ")} [a-z .]{5,20}`;

/** The teacher's view before call k under the reference: the answer with one space at each earlier command and this one, trimmed. */
function referenceView(report: JsonReport, k: number): string {
    let view = "";
    let at = 0;
    for (const call of report.calls.slice(0, k + 1)) {
        view += report.text.slice(at, call.offset) + " ";
        at = call.offset;
    }
    return view.trim();
}

describe("relayllm solve --protocol reference (real llama-server behind a recording proxy)", () => {
    let server: LlamaServer;
    let proxy: FaultProxy;
    let dir: string;

    before(async () => {
        requireSharedModels();
        server = await startLlamaServer();
        proxy = await startFaultProxy(server.baseURL);
        dir = mkdtempSync(join(tmpdir(), "relayllm-reference-"));
        writeFileSync(join(dir, "six-calls.gbnf"), sixCalls);
    });
    after(async () => {
        await proxy?.close();
        await server?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("sends the reference bodies: User:/Assistant: prompt, one space per command, sampling fields, at most 4 calls", async () => {
        const seen = proxy.requests.length;
        const run = await cli(["solve", "--protocol", "reference", "--student", studentModelPath, "--teacher-url", proxy.baseURL, "--grammar", join(dir, "six-calls.gbnf"), "--mode", "learned", "--threads", "1", "--seed", "3", "--json", "Tell me a story."]);
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout) as JsonReport;
        const bodies = proxy.requests.slice(seen).map((request) => request.body);
        assert.equal(report.templatedPrompt, "User: Tell me a story.\nAssistant:");
        assert.ok(bodies.length >= 1 && bodies.length <= 4, `${bodies.length} teacher requests`);
        assert.equal(report.calls.length, bodies.length);
        if (report.stopReason !== "teacher-eos") {
            assert.equal(bodies.length, 4);
            assert.equal(report.stopReason, "max-turns");
        }
        bodies.forEach((body, k) => {
            assert.equal(body.prompt, report.templatedPrompt + referenceView(report, k), `request ${k + 1}`);
            assert.equal(body.max_tokens, 3);
            assert.equal(body.temperature, 0.7);
            assert.equal(body.top_p, 1);
            assert.equal(body.top_k, -1);
            assert.equal(body.min_p, 0);
        });
        if (bodies.length > 1) assert.match(String(bodies[1]!.prompt), / {1,2}\S/);
    });

    it("our protocol sends the same call with the command removed and no top-k / min-p", async () => {
        const seen = proxy.requests.length;
        const run = await cli(["solve", "--student", studentModelPath, "--teacher-url", proxy.baseURL, "--grammar", join(dir, "six-calls.gbnf"), "--mode", "learned", "--threads", "1", "--seed", "3", "--json", "Tell me a story."]);
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout) as JsonReport;
        const bodies = proxy.requests.slice(seen).map((request) => request.body);
        assert.equal(report.templatedPrompt, "Tell me a story.");
        bodies.forEach((body, k) => {
            // Only the end is trimmed: the answer's leading space stays between the plain prompt and the answer.
            assert.equal(body.prompt, report.templatedPrompt + report.text.slice(0, report.calls[k]!.offset).trimEnd());
            assert.equal("top_k" in body || "min_p" in body, false);
        });
    });

    it("relayllm bench --protocol reference runs and keys its results apart from our protocol's", async () => {
        const out = join(dir, "bench");
        const dataset = join(dir, "stories.jsonl");
        writeFileSync(dataset, ['{"problem": "Once upon a time", "answer": "1"}', '{"problem": "Tom had a dog", "answer": "2"}'].join("\n") + "\n");
        const args = ["bench", "--dataset", dataset, "--modes", "student-only", "--student", studentModelPath, "--threads", "1", "--max-tokens", "16", "--out", out];
        for (const protocol of ["reference", "relay"]) {
            const run = await cli([...args, "--protocol", protocol]);
            assert.equal(run.code, 0, run.stderr);
        }
        const lines = readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n");
        assert.equal(lines.length, 4, "the second protocol reran every item instead of reusing the first one's results");
    });
});
