import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { solve, TeacherRequestError, type RelayEvent, type RelayOptions, type TeacherUsage } from "../../src/relay";
import { grantSlack } from "../../src/relay/callGrant";
import { ScriptedStudent, scriptedTokenCount, type ScriptedTurn } from "../support/scriptedStudent";
import { ScriptedTeacher, type TeacherScript } from "../support/scriptedTeacher";
import { seededUniform } from "../../src/util/seededUniform";

// PROPERTY TEST with a SCRIPTED student and a SCRIPTED hostile teacher (test/support/scripted*.ts; no model,
// no server): over hundreds of random limit settings and teacher behaviours (unlimited text that ignores
// maxTokens, commands inside the text, lying usage reports, failures), no server behaviour pushes a solve
// past the per-call cap, the per-solve budget, the ratio cap, the money budget, max calls or the global limit.

const pieces = ["word ", "<call>3</call>", "</call>", "<call>", "é", "🙂", "x", " <cal", "l>9</call> ", "\n"];

function hostileScript(next: () => number, int: (min: number, max: number) => number): TeacherScript {
    const text = () => Array.from({ length: int(1, 4) }, () => pieces[int(0, pieces.length - 1)]).join("");
    const usage = (): TeacherUsage | undefined =>
        next() < 0.5 ? undefined : { promptTokens: int(0, 1) ? 10 ** 9 : int(0, 50), completionTokens: int(0, 1) ? 10 ** 9 : int(0, 50), cachedPromptTokens: int(0, 30) };
    const kind = next();
    if (kind < 0.5) return { unlimited: text(), finishReason: next() < 0.5 ? "stop" : "length", usage: usage() };
    if (kind < 0.7) return { unlimited: text(), limit: int(0, 30), finishReason: next() < 0.5 ? "stop" : "length", usage: usage() };
    if (kind < 0.9) return { text: Array.from({ length: int(0, 40) }, text).join(""), finishReason: next() < 0.5 ? "stop" : "length", usage: usage(), chunk: int(1, 50) };
    return { failAfter: Array.from({ length: int(0, 10) }, text).join(""), error: new TeacherRequestError("The teacher at http://t/v1 broke off.", "unreachable") };
}

describe("no teacher can exceed a limit (property test, scripted student + scripted hostile teacher)", () => {
    it("holds the per-call cap, per-solve budget, ratio cap, money budget, max calls and global limit over 300 random solves", async () => {
        // SEED=n replays one case; SEEDS=n runs cases 1..n (default 300).
        const first = Number(process.env.SEED ?? 1);
        const last = Number(process.env.SEED ?? process.env.SEEDS ?? 300);
        for (let seed = first; seed <= last; seed++) {
            const next = seededUniform(seed);
            const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
            const mode = next() < 0.15 ? "teacher-only" : next() < 0.3 ? "confidence" : "learned";
            const limits = {
                maxCalls: int(0, 6),
                maxCallTokens: int(1, 64),
                maxTeacherTokensPerSolve: int(0, 200),
                maxTokens: int(20, 400),
                maxCallRatio: next() < 0.5 ? 1 : 0.05 + next() * 0.85,
                maxCostUSD: next() < 0.5 ? undefined : next() * 0.0002,
            };
            const prices = { inputPerMillion: int(0, 3), cachedInputPerMillion: int(0, 3), outputPerMillion: int(0, 20) };
            const turns: ScriptedTurn[] = Array.from({ length: int(1, 8) }, () =>
                mode === "confidence" && next() < 0.5 ? { text: "thinking hard ".slice(0, int(1, 14)), stopReason: "low-confidence" as const } : { text: `step ${int(0, 99)} <call>${int(0, 1000)}</call>` },
            );
            turns.push({ text: "final answer", stopReason: "eos" });
            const student = new ScriptedStudent(turns);
            const scripts = Array.from({ length: 8 }, () => hostileScript(next, int));
            const teacher = new ScriptedTeacher(scripts);
            const events: RelayEvent[] = [];
            const options: RelayOptions = { student, teacher, messages: [{ role: "user", content: "Q?" }], mode, prices, ...limits, confidence: { callTokens: int(1, 40), cooldownTokens: 0 } };
            const result = await solve(options, (event) => events.push(event));
            const { usage } = result;
            const where = `seed ${seed}: ${JSON.stringify({ mode, limits, prices, usage })}`;

            assert.ok(usage.studentTokens + usage.teacherTokens <= limits.maxTokens, `global limit, ${where}`);
            assert.ok(usage.calls <= Math.max(limits.maxCalls, mode === "teacher-only" ? 1 : 0), `max calls, ${where}`);
            for (const call of result.calls) {
                assert.ok(call.producedStudentTokens <= call.granted, `kept within the grant, ${where}`);
                assert.ok(call.produced <= call.granted + grantSlack(call.granted), `billed within grant + slack, ${where}`);
                if (mode !== "teacher-only") assert.ok(call.granted <= limits.maxCallTokens, `per-call cap, ${where}`);
            }
            if (mode !== "teacher-only") {
                assert.ok(usage.teacherTokens <= limits.maxTeacherTokensPerSolve, `per-solve budget, ${where}`);
                if (limits.maxCallRatio < 1) assert.ok(usage.callRatio <= limits.maxCallRatio + 1e-12, `ratio cap, ${where}`);
            }
            if (limits.maxCostUSD !== undefined) assert.ok(usage.costUSD <= limits.maxCostUSD + 1e-15, `money budget, ${where}`);
            // The meter's teacher tokens are exactly the teacher text in the answer.
            const teacherText = result.spans.filter((span) => span.source === "teacher").map((span) => span.text).join("");
            assert.equal(usage.teacherTokens, scriptedTokenCount(teacherText), where);
            assert.equal(result.spans.map((span) => span.text).join(""), result.text, where);
            for (const text of [result.text, ...student.appended, ...teacher.requests.map((request) => request.partial)]) {
                assert.doesNotMatch(text, /<\/?call>/, `no command text in ${JSON.stringify(text)}, ${where}`);
            }
            assert.equal(usage.failedCalls, events.filter((event) => event.type === "teacher-error").length, where);
        }
    });
});
