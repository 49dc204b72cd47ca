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

/**
 * Case 3 then case 1: a nested command, then a count with text after it at the end of sequence (the grammar
 * ends there). Not `<call>3 tokens</call>`: the test teacher's vocabulary has no "/", and llama-server refuses
 * a prompt it cannot tokenize (400 "unordered_map::at"); the scripted tests pin that form.
 */
const brokenCalls = 'root ::= [a-z ]{6,12} "<call>5<call>4</call>" [a-z ]{6,12} "<call>3x"';
/** Two calls for 8 tokens: the teacher's 2048-token vocabulary writes more than 8 of the student's 512-token one. */
const twoCalls = 'root ::= [a-z ]{6,12} "<call>8</call>" [a-z ]{6,12} "<call>8</call>" [a-z .]{5,20}';

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
        writeFileSync(join(dir, "broken-calls.gbnf"), brokenCalls);
        writeFileSync(join(dir, "two-calls.gbnf"), twoCalls);
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

    /** Runs `solve` with a grammar under a protocol and returns the report and the teacher request bodies it caused. */
    async function solveWith(grammar: string, protocol: "reference" | "relay"): Promise<{ report: JsonReport; bodies: Array<Record<string, unknown>> }> {
        const seen = proxy.requests.length;
        const run = await cli(["solve", "--protocol", protocol, "--student", studentModelPath, "--teacher-url", proxy.baseURL, "--grammar", join(dir, grammar), "--mode", "learned", "--threads", "1", "--seed", "5", "--json", "Tell me a story."]);
        assert.equal(run.code, 0, run.stderr);
        return { report: JSON.parse(run.stdout) as JsonReport, bodies: proxy.requests.slice(seen).map((request) => request.body) };
    }

    it("cases 3 and 1 at the wire: `<call>5<call>4</call>` asks for 5, `<call>3x` at the end of sequence for 3, the broken text left in the prompt (ours: 4 only)", async () => {
        const { report, bodies } = await solveWith("broken-calls.gbnf", "reference");
        assert.equal(bodies[0]?.max_tokens, 5);
        assert.ok(String(bodies[0]!.prompt).endsWith("<call>5"), String(bodies[0]!.prompt));
        if (report.stopReason !== "teacher-eos" || bodies.length > 1) {
            assert.equal(bodies[1]?.max_tokens, 3);
            assert.ok(String(bodies[1]!.prompt).endsWith("<call>3x"), String(bodies[1]!.prompt));
            assert.ok(report.transcript?.text.includes("<call>3x"));
        }
        const ours = await solveWith("broken-calls.gbnf", "relay");
        assert.deepEqual(ours.bodies.map((body) => body.max_tokens), [4]);
        assert.ok(!String(ours.bodies[0]!.prompt).includes("<call"));
    });

    it("case 5 at the wire: teacher text past the grant in student tokens is kept whole under reference and sent on in the next prompt; ours cuts it", async () => {
        const { report, bodies } = await solveWith("two-calls.gbnf", "reference");
        assert.ok(report.calls.some((call) => call.producedStudentTokens > call.granted), JSON.stringify(report.calls));
        const first = report.spans.filter((span) => span.call === 0).map((span) => span.text).join("");
        if (bodies.length > 1) assert.ok(String(bodies[1]!.prompt).includes(first.trim()), "the second prompt lacks the first call's whole text");
        assert.ok(!report.events.some((event) => event.type === "teacher-over-grant"));
        const ours = await solveWith("two-calls.gbnf", "relay");
        assert.ok(ours.report.calls.every((call) => call.producedStudentTokens <= call.granted), JSON.stringify(ours.report.calls));
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
        // The reference's records carry the transcript's token count (its call ratio's denominator); ours do not.
        const records = lines.map((line) => JSON.parse(line) as { usage: { transcriptTokens?: number } });
        assert.deepEqual(records.map((record) => typeof record.usage.transcriptTokens), ["number", "number", "undefined", "undefined"]);
    });
});
