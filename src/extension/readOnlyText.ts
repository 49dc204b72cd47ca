import * as vscode from "vscode";

const SCHEME = "relay-text";
/** The text of each document opened and not yet closed, by URI. */
const texts = new Map<string, string>();
let opened = 0;

/** Serves the documents {@link showReadOnlyText} opens. */
export function registerReadOnlyText(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
        vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => texts.get(uri.toString()) }),
        vscode.workspace.onDidCloseTextDocument((document) => texts.delete(document.uri.toString())),
    );
}

/**
 * Opens `text` read-only beside the current editor (or where editors go, when none is open: beside nothing
 * leaves an empty group), its tab titled `name`, whose extension picks the language. A document of our own
 * scheme: VS Code never offers to save it (an untitled one asked on every close).
 */
export async function showReadOnlyText(text: string, name: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}`, query: String(++opened) });
    texts.set(uri.toString(), text);
    const viewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, viewColumn });
}
