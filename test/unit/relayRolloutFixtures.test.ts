// The relay cases the engine and the training rollout (training/relaygrpo/rollout.py) must play the same way
// (test/fixtures/relay-rollout/cases.json; the Python side is training/tests/test_rollout_fixtures.py). SCRIPTED
// student and teacher, one token per character.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { solve } from "../../src/relay";
import { projectRoot } from "../support/paths";
import { ScriptedStudent } from "../support/scriptedStudent";
import { ScriptedTeacher } from "../support/scriptedTeacher";

interface FixtureCase {
    name: string;
    turns: string[];
    replies: { text: string; finish: "length" | "stop" }[];
    maxTokens: number;
    requests: { partial: string; maxTokens: number }[];
    text: string;
    context: string;
    calls: number[];
}

const fixture = JSON.parse(readFileSync(join(projectRoot, "test", "fixtures", "relay-rollout", "cases.json"), "utf8")) as { cases: FixtureCase[] };

describe("relay rollout fixtures, the engine's side", () => {
    for (const c of fixture.cases) {
        it(c.name, async () => {
            const student = new ScriptedStudent(c.turns);
            const teacher = new ScriptedTeacher(c.replies.map((reply) => ({ text: reply.text, finishReason: reply.finish })));
            const result = await solve({ student, teacher, userPrompt: "Q:", mode: "learned", maxTokens: c.maxTokens });
            assert.deepEqual(teacher.requests.map((request) => ({ partial: request.partial, maxTokens: request.maxTokens })), c.requests);
            assert.equal(result.text, c.text);
            assert.equal(student.context, c.context);
            assert.deepEqual(result.calls.map((call) => call.granted), c.calls);
        });
    }
});
