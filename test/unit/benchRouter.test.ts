import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashUnit, routeToTeacher } from "../../src/eval/bench";

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
