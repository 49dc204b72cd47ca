import * as vscode from "vscode";
import type { EditDiagnostic } from "./editPrompt";

/** The prompt's word for a severity; a function because a stubbed `vscode` (the bundle test) has no enums at load. */
function severityName(severity: vscode.DiagnosticSeverity): EditDiagnostic["severity"] {
    switch (severity) {
        case vscode.DiagnosticSeverity.Error:
            return "error";
        case vscode.DiagnosticSeverity.Warning:
            return "warning";
        case vscode.DiagnosticSeverity.Information:
            return "info";
        case vscode.DiagnosticSeverity.Hint:
            return "hint";
    }
}

/** A VS Code diagnostic as the edit prompt states it (1-based line and column). */
export function editDiagnostic(diagnostic: vscode.Diagnostic): EditDiagnostic {
    const source = diagnostic.source ?? undefined;
    return {
        message: diagnostic.message,
        severity: severityName(diagnostic.severity),
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        ...(source ? { source } : {}),
    };
}

/** The diagnostics VS Code reports that touch `range` of `document`. */
export function diagnosticsIn(document: vscode.TextDocument, range: vscode.Range): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => diagnostic.range.intersection(range) !== undefined);
}
