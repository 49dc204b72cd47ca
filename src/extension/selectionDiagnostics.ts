import { MAX_ATTACHED_DIAGNOSTICS, type AttachedDiagnostic } from "../protocol/messages";
import type { EditDiagnostic } from "./edit/editPrompt";

const severityOrder: Record<EditDiagnostic["severity"], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * The problems of a selection starting at file line `firstLine` (1-based), as its attachment carries them: lines
 * counted from the selection's first line (one that starts above it is line 1), errors first, then by line, at most
 * MAX_ATTACHED_DIAGNOSTICS, so that the budget cuts hints before errors.
 */
export function selectionDiagnostics(diagnostics: readonly EditDiagnostic[], firstLine: number): AttachedDiagnostic[] {
    return diagnostics
        .map(({ line, severity, message }) => ({ line: Math.max(1, line - firstLine + 1), severity, message: message.slice(0, 2000) }))
        .sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.line - b.line)
        .slice(0, MAX_ATTACHED_DIAGNOSTICS);
}
