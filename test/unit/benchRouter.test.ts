import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashUnit, matchedRouter, planBench, routeToTeacher } from "../../src/eval/bench";

const ids = Array.from({ length: 40 }, (_, i) => `p${i}`);

describe("the random router baseline", () => {
    it("sends exactly round(F × n) problems to the teacher", () => {
        for (const fraction of [0, 0.1, 0.25, 0.5, 0.99, 1]) assert.equal(routeToTeacher(ids, fraction, 0, 0).size, Math.round(fraction * ids.length));
        assert.equal(routeToTeacher(["a", "b", "c"], 0.5, 0, 0).size, 2);
    });

    it("is reproducible and independent of the order of the problems", () => {
        const first = routeToTeacher(ids, 0.3, 7, 0);
        assert.deepEqual([...routeToTeacher(ids, 0.3, 7, 0)].sort(), [...first].sort());
        assert.deepEqual([...routeToTeacher([...ids].reverse(), 0.3, 7, 0)].sort(), [...first].sort());
    });

    it("changes with the seed and the repeat", () => {
        const base = [...routeToTeacher(ids, 0.5, 1, 0)].sort().join();
        assert.notEqual([...routeToTeacher(ids, 0.5, 2, 0)].sort().join(), base);
        assert.notEqual([...routeToTeacher(ids, 0.5, 1, 1)].sort().join(), base);
    });

    it("a larger fraction keeps the problems a smaller one chose", () => {
        const small = routeToTeacher(ids, 0.2, 3, 0);
        const large = routeToTeacher(ids, 0.6, 3, 0);
        for (const id of small) assert.ok(large.has(id), id);
    });

    it("rejects a fraction outside [0, 1]; hashes are stable numbers in [0, 1)", () => {
        assert.throws(() => routeToTeacher(ids, 1.5, 0, 0), RangeError);
        const value = hashUnit("router", 0, 0, "p1");
        assert.ok(value >= 0 && value < 1);
        assert.equal(hashUnit("router", 0, 0, "p1"), value);
    });
});

describe("the paper's performance-matched random router", () => {
    const student = { accuracy: 0.425, callRatio: 0 };
    const teacher = { accuracy: 0.5412, callRatio: 1 };

    it("the paper's numbers: MATH-500 student 42.50, teacher 54.12, RelayLLM 49.52 at a 1.07 % call ratio → 60.4 % and 98.2 %", () => {
        const matched = matchedRouter({ accuracy: 0.4952, callRatio: 0.0107 }, student, teacher);
        assert.equal(matched.reason, undefined);
        assert.equal((matched.teacherShare! * 100).toFixed(1), "60.4");
        assert.equal((matched.costReduction! * 100).toFixed(1), "98.2");
        assert.ok(Math.abs(matched.teacherShare! - (0.4952 - 0.425) / (0.5412 - 0.425)) < 1e-12);
        assert.ok(Math.abs(matched.costReduction! - (1 - 0.0107 / matched.teacherShare!)) < 1e-12);
    });

    it("the teacher share runs from 0 at student-only to 1 at teacher-only; a method using the teacher more than its router saves a negative amount", () => {
        assert.equal(matchedRouter({ accuracy: 0.5412, callRatio: 0.5 }, student, teacher).teacherShare, 1);
        const costly = matchedRouter({ accuracy: 0.4831, callRatio: 0.9 }, student, teacher);
        assert.ok(Math.abs(costly.teacherShare! - 0.5) < 1e-9);
        assert.ok(Math.abs(costly.costReduction! - (1 - 0.9 / costly.teacherShare!)) < 1e-12 && costly.costReduction! < 0);
    });

    for (const [name, method, low, high, code, share] of [
        ["no student-only row", { accuracy: 0.5, callRatio: 0.01 }, undefined, teacher, "missing-baseline", null],
        ["a teacher-only row with no finished solve", { accuracy: 0.5, callRatio: 0.01 }, student, { accuracy: null, callRatio: 0 }, "missing-baseline", null],
        ["a method with no finished solve", { accuracy: null, callRatio: 0 }, student, teacher, "missing-method", null],
        ["a teacher no better than the student", { accuracy: 0.5, callRatio: 0.01 }, { accuracy: 0.6, callRatio: 0 }, teacher, "teacher-not-better", null],
        ["equal baselines", { accuracy: 0.5, callRatio: 0.01 }, { accuracy: 0.5, callRatio: 0 }, { accuracy: 0.5, callRatio: 1 }, "teacher-not-better", null],
        ["a method below student-only", { accuracy: 0.4, callRatio: 0.01 }, student, teacher, "below-student", null],
        ["a method above teacher-only", { accuracy: 0.6, callRatio: 0.01 }, student, teacher, "above-teacher", null],
        ["a method exactly at student-only", { accuracy: 0.425, callRatio: 0.01 }, student, teacher, "zero-share", 0],
    ] as const) {
        it(`no made-up number for ${name}: null with the reason "${code}"`, () => {
            const matched = matchedRouter(method, low, high);
            assert.equal(matched.costReduction, null);
            assert.equal(matched.teacherShare, share);
            assert.equal(matched.reason?.code, code);
            assert.ok(matched.reason!.message.length > 10);
        });
    }
});

describe("the router sweep (--router-fractions)", () => {
    const items = ids.slice(0, 12).map((id) => ({ id, problem: `problem ${id}`, answer: "1" }));
    const fractions = [0, 0.25, 0.5, 0.75, 1];
    const sweep = (seed: number, repeats = 2) =>
        planBench({ items, modes: ["student-only", "router", "teacher-only"], repeats, routerFractions: fractions, seed, configOf: (mode) => `config-${mode}` });

    it("makes one row per fraction in the router's place, and runs nothing beyond the two baselines", () => {
        const plan = sweep(0);
        assert.deepEqual(plan.methods.map((method) => [method.mode, method.routerFraction]), [["student-only", undefined], ...fractions.map((fraction) => ["router", fraction]), ["teacher-only", undefined]]);
        assert.equal(plan.tasks.length, 2 * items.length * 2);
        const keysOf = (index: number) => plan.methods[index]!.cells.map((cell) => cell.key);
        assert.deepEqual(keysOf(1), keysOf(0), "fraction 0 is student-only");
        assert.deepEqual(keysOf(5), keysOf(6), "fraction 1 is teacher-only");
    });

    it("routes round(F × n) problems per repeat, nested across fractions, the same for the same seed", () => {
        const plan = sweep(3);
        const teacherKeys = new Set(plan.methods.at(-1)!.cells.map((cell) => cell.key));
        const routed = plan.methods.slice(1, 6).map((method) => method.cells.filter((cell) => teacherKeys.has(cell.key)));
        for (const [index, fraction] of fractions.entries()) {
            for (const repeat of [0, 1]) assert.equal(routed[index]!.filter((cell) => cell.repeat === repeat).length, Math.round(fraction * items.length));
        }
        for (let index = 1; index < routed.length; index++) {
            const larger = new Set(routed[index]!.map((cell) => cell.key));
            for (const cell of routed[index - 1]!) assert.ok(larger.has(cell.key), `${cell.key} stays routed at a larger fraction`);
        }
        assert.deepEqual(sweep(3), plan);
        assert.notDeepEqual(sweep(4).methods[3], plan.methods[3], "another seed routes other problems");
    });

    it("rejects a router with no fraction", () => {
        assert.throws(() => planBench({ items, modes: ["router"], repeats: 1, routerFractions: [], seed: 0, configOf: () => "c" }), RangeError);
    });
});
