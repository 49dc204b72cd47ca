/**
 * One problem VS Code reports in attached code, as the model and the question box read it:
 * `line 2, error: Cannot find name 'x'.` (line 1 is the attachment's first line).
 */
export function diagnosticLine(diagnostic: { line: number; severity: string; message: string }): string {
    return `line ${diagnostic.line}, ${diagnostic.severity}: ${diagnostic.message.replace(/\s+/g, " ").trim()}`;
}
