import * as vscode from "vscode";
import { editDiagnostic } from "./editDiagnostics";
import { wholeLines } from "./editTarget";
import type { RelayEdits } from "./relayEdits";
import { explainPrompt } from "./explainPrompt";

/** Lines of code around a diagnostic that Fix rewrites and Explain quotes: its own lines and this many on each side. */
const CONTEXT_LINES = 2;

/**
 * "Relay: Fix" and "Relay: Explain" in the lightbulb of every diagnostic: Fix runs a relay edit over the
 * diagnostic's lines and their neighbours with the diagnostic in the prompt; Explain asks in a new conversation
 * of the chat panel.
 */
export class RelayCodeActions implements vscode.CodeActionProvider {
    provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
        return context.diagnostics.flatMap((diagnostic) => {
            const fix = new vscode.CodeAction(`Relay: Fix "${shorten(diagnostic.message)}"`, vscode.CodeActionKind.QuickFix);
            fix.diagnostics = [diagnostic];
            fix.command = { title: "Relay: Fix", command: "relay.fixDiagnostic", arguments: [document.uri, diagnostic] };
            const explain = new vscode.CodeAction(`Relay: Explain "${shorten(diagnostic.message)}"`, vscode.CodeActionKind.QuickFix);
            explain.diagnostics = [diagnostic];
            explain.command = { title: "Relay: Explain", command: "relay.explainDiagnostic", arguments: [document.uri, diagnostic] };
            return [fix, explain];
        });
    }
}

function shorten(message: string): string {
    const line = message.split("\n")[0]!;
    return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** The diagnostic's lines and CONTEXT_LINES around them, within the document and short of its empty last line. */
function aroundDiagnostic(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.Range {
    let last = Math.min(document.lineCount - 1, diagnostic.range.end.line + CONTEXT_LINES);
    // The empty line after the final line break: a rewrite that leaves it out would take the file's last newline.
    if (last > diagnostic.range.end.line && last === document.lineCount - 1 && document.lineAt(last).isEmptyOrWhitespace) last--;
    return wholeLines(document, Math.max(0, diagnostic.range.start.line - CONTEXT_LINES), last);
}

async function fix(edits: RelayEdits, uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<void> {
    const editor = await vscode.window.showTextDocument(uri);
    const range = aroundDiagnostic(editor.document, diagnostic);
    const problem = editDiagnostic(diagnostic);
    await edits.start({ editor, range, instruction: `Fix this ${problem.severity} at line ${problem.line}, column ${problem.column}: ${diagnostic.message}`, diagnostics: [problem] });
}

async function explain(uri: vscode.Uri, diagnostic: vscode.Diagnostic, ask: (prompt: string) => Promise<void>): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const code = document.getText(aroundDiagnostic(document, diagnostic));
    await ask(explainPrompt({ fileName: document.fileName, languageId: document.languageId, code, firstLine: Math.max(0, diagnostic.range.start.line - CONTEXT_LINES) + 1, diagnostic: editDiagnostic(diagnostic) }));
}

/** Registers the code actions and their commands. `askInNewConversation` asks the prompt in a new conversation of the chat panel. */
export function registerRelayCodeActions(context: vscode.ExtensionContext, edits: RelayEdits, askInNewConversation: (prompt: string) => Promise<void>): void {
    context.subscriptions.push(
        vscode.languages.registerCodeActionsProvider({ scheme: "*" }, new RelayCodeActions(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
        vscode.commands.registerCommand("relay.fixDiagnostic", (uri: vscode.Uri, diagnostic: vscode.Diagnostic) => fix(edits, uri, diagnostic)),
        vscode.commands.registerCommand("relay.explainDiagnostic", (uri: vscode.Uri, diagnostic: vscode.Diagnostic) => explain(uri, diagnostic, askInNewConversation)),
    );
}
