// What "Relay: Ask About Selection" attaches of the problems VS Code reports in a selection.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { selectionDiagnostics } from "../../src/extension/selectionDiagnostics";

describe("a selection's problems as its attachment carries them", () => {
    it("counts lines from the selection's first line, errors first, and drops the column and source", () => {
        const attached = selectionDiagnostics([
            { line: 12, column: 3, severity: "hint", message: "unused" },
            { line: 14, column: 1, severity: "error", message: "late error", source: "ts" },
            { line: 11, column: 5, severity: "error", message: "early error", source: "ts" },
            { line: 8, column: 1, severity: "warning", message: "starts above the selection" },
        ], 10);
        assert.deepEqual(attached, [
            { line: 2, severity: "error", message: "early error" },
            { line: 5, severity: "error", message: "late error" },
            { line: 1, severity: "warning", message: "starts above the selection" },
            { line: 3, severity: "hint", message: "unused" },
        ]);
    });

    it("keeps at most 50, the errors among them, and no message longer than the protocol takes", () => {
        const hints = Array.from({ length: 60 }, (_, index) => ({ line: index + 1, column: 1, severity: "hint" as const, message: "h" }));
        const attached = selectionDiagnostics([...hints, { line: 70, column: 1, severity: "error", message: "e".repeat(5000) }], 1);
        assert.equal(attached.length, 50);
        assert.equal(attached[0]!.severity, "error");
        assert.equal(attached[0]!.message.length, 2000);
    });
});
