// The CLI's and @relay's one-line usage summary: a teacher without prices reads "not priced", never "$0.00".
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usageLine } from "../../src/format/usageLine";
import { UsageMeter } from "../../src/relay/usageMeter";

function usage(prices: { inputPerMillion: number; outputPerMillion: number }) {
    const meter = new UsageMeter(prices, 20);
    meter.addStudent(50);
    meter.addTeacherCall(10, { outputTokens: 10, promptTokens: 30 });
    return meter.snapshot();
}

describe("usage line", () => {
    it("says not priced for a teacher without prices, and prints both costs for a priced one", () => {
        const free = usageLine(usage({ inputPerMillion: 0, outputPerMillion: 0 }), "eos");
        assert.match(free, / · not priced · stop: eos$/);
        assert.doesNotMatch(free, /\$/);
        const priced = usageLine(usage({ inputPerMillion: 1, outputPerMillion: 2 }), "eos");
        assert.match(priced, / · cost \$[\d.]+ \(teacher-only \$[\d.]+\) · stop: eos$/);
    });
});
