import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { writeTargetOf } from "../../src/extension/settingScope";

describe("where a setting the extension writes belongs", () => {
    it("machine facts go to the user's settings, project choices to the workspace when one is open", () => {
        assert.equal(writeTargetOf("student.model", true), "user");
        assert.equal(writeTargetOf("student.gpu", true), "user");
        assert.equal(writeTargetOf("teacherFree", true), "workspace");
        assert.equal(writeTargetOf("limits.budgetUSD", true), "workspace");
        assert.equal(writeTargetOf("teacherFree", false), "user");
    });
});
