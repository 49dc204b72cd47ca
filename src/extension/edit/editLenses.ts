import * as vscode from "vscode";
import type { RelayEditSession } from "./editSession";

/**
 * The CodeLenses over a relay edit: Stop while it streams; Accept All / Reject All / Show Prompt over the
 * region, and Accept / Reject over each pending hunk (saying when the teacher wrote lines of it) during review.
 * Titles are short and the keys are in the tooltips: a hunk on the region's first line shares the header's row.
 */
export class EditLensProvider implements vscode.CodeLensProvider {
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChangeCodeLenses = this.changeEmitter.event;

    constructor(private readonly session: () => RelayEditSession | undefined) {}

    refresh(): void {
        this.changeEmitter.fire();
    }

    provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
        const session = this.session();
        if (!session || session.document !== document || session.phase === "closed") return [];
        const top = new vscode.Range(session.startLine, 0, session.startLine, 0);
        if (session.phase === "streaming") {
            return [new vscode.CodeLens(top, { title: "$(loading~spin) Relay is writing…", command: "" }), new vscode.CodeLens(top, { title: "Stop (Escape)", command: "relay.editStop" })];
        }
        const teacher = session.teacherLineCount > 0 ? `, ${session.teacherLineCount} line${session.teacherLineCount === 1 ? "" : "s"} by the teacher` : "";
        const lenses = [
            new vscode.CodeLens(top, { title: `Relay edit${session.stopped ? " (stopped)" : ""}: ${session.pendingHunkLines().length} changes${teacher}`, command: "" }),
            new vscode.CodeLens(top, { title: "Accept All", tooltip: "Accept every change (Ctrl+Shift+Enter)", command: "relay.editAcceptAll" }),
            new vscode.CodeLens(top, { title: "Reject All", tooltip: "Reject every change (Ctrl+Shift+Backspace)", command: "relay.editRejectAll" }),
            new vscode.CodeLens(top, { title: "Show Prompt", command: "relay.showEditPrompt" }),
        ];
        for (const { hunk, line, teacherLines } of session.pendingHunkLines()) {
            const at = new vscode.Range(line, 0, line, 0);
            lenses.push(
                new vscode.CodeLens(at, { title: "Accept", tooltip: "Accept this change (Ctrl+Alt+Y at its lines)", command: "relay.editAcceptHunk", arguments: [hunk] }),
                new vscode.CodeLens(at, { title: "Reject", tooltip: "Reject this change (Ctrl+Alt+N at its lines)", command: "relay.editRejectHunk", arguments: [hunk] }),
            );
            if (teacherLines > 0) lenses.push(new vscode.CodeLens(at, { title: `teacher wrote ${teacherLines} line${teacherLines === 1 ? "" : "s"} here`, command: "" }));
        }
        return lenses;
    }

    dispose(): void {
        this.changeEmitter.dispose();
    }
}
