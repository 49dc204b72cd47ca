import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { grantFor, PROTOCOL_DEFAULTS, RELAY_DEFAULTS, resolveRelayOptions, type Student } from "../../src/relay";

/** Never started: these tests resolve options only. */
const unusedStudent: Student = { info: { name: "unused", relayTrained: false }, startSession: () => Promise.reject(new Error("not started")) };

describe("protocols: named sets of the engine's defaults", () => {
    test("our protocol is the default and carries our limits", () => {
        const config = resolveRelayOptions({ student: unusedStudent, userPrompt: "q" });
        assert.equal(config.protocol, "relay");
        assert.equal(config.maxCalls, RELAY_DEFAULTS.maxCalls);
        assert.equal(config.maxCallTokens, 512);
        assert.equal(config.maxTeacherTokensPerSolve, 2048);
        assert.equal(config.maxStudentTurns, 0);
        assert.deepEqual([config.commands, config.emptyTeacherStop, config.teacherOverGrant, config.teacherFailure, config.graded], ["stream", "continues", "cut", "continues", "answer"]);
        assert.deepEqual(config.studentSampling, {});
    });

    test("the reference protocol: five student turns, grant = min(N, what is left of 8192), reference sampling", () => {
        const config = resolveRelayOptions({ student: unusedStudent, userPrompt: "q", protocol: "reference" });
        assert.equal(config.maxStudentTurns, 5);
        assert.equal(config.maxTokens, 8192);
        assert.deepEqual([config.commands, config.emptyTeacherStop, config.teacherOverGrant, config.teacherFailure, config.graded], ["turn", "ends", "keep", "ends", "transcript"]);
        assert.equal(config.plainPromptFormat, "user-assistant");
        assert.deepEqual(config.studentSampling, { topK: 0, topP: 1, minP: 0 });
        assert.deepEqual(config.teacherSampling, { topP: 1, topK: -1, minP: 0 });
        assert.equal(config.temperature, 0.7);
        assert.equal(config.teacherTemperature, 0.7);
        // No cap but the global one: a 5000-token request after 4000 generated tokens gets the 4192 left.
        assert.equal(grantFor(5000, config, { generatedTokens: 4000, teacherTokensSoFar: 3000 }), 4192);
        assert.equal(grantFor(7, config, { generatedTokens: 4000, teacherTokensSoFar: 3000 }), 7);
        // The per-call and per-solve caps follow a changed global limit.
        const longer = resolveRelayOptions({ student: unusedStudent, userPrompt: "q", protocol: "reference", maxTokens: 20000 });
        assert.equal(grantFor(15000, longer, { generatedTokens: 100, teacherTokensSoFar: 0 }), 15000);
    });

    test("explicit options override the protocol's defaults; unknown protocols are refused", () => {
        assert.equal(resolveRelayOptions({ student: unusedStudent, userPrompt: "q", protocol: "reference", maxCallTokens: 64 }).maxCallTokens, 64);
        assert.throws(() => resolveRelayOptions({ student: unusedStudent, userPrompt: "q", protocol: "paper" as never }), /unknown protocol "paper"/);
    });

    test("every protocol names a value for every default", () => {
        const keys = Object.keys(PROTOCOL_DEFAULTS.relay).sort();
        assert.deepEqual(Object.keys(PROTOCOL_DEFAULTS.reference).sort(), keys);
    });
});
