import * as vscode from "vscode";

/**
 * The whole lines a relay edit rewrites: the selection's lines (a selection ending at a line's start leaves that
 * line out); with no selection, the innermost function or method around the cursor, else the cursor's line.
 */
export async function editTarget(editor: vscode.TextEditor): Promise<vscode.Range> {
    const { selection, document } = editor;
    if (!selection.isEmpty) {
        const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
        return wholeLines(document, selection.start.line, endLine);
    }
    const symbols = await Promise.resolve(vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>("vscode.executeDocumentSymbolProvider", document.uri)).catch(() => undefined);
    const around = innermostFunction(symbols ?? [], selection.active);
    return around ? wholeLines(document, around.start.line, around.end.line) : wholeLines(document, selection.active.line, selection.active.line);
}

/** Lines `first` to `last`, whole. */
export function wholeLines(document: vscode.TextDocument, first: number, last: number): vscode.Range {
    return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}

function innermostFunction(symbols: readonly vscode.DocumentSymbol[], position: vscode.Position): vscode.Range | undefined {
    for (const symbol of symbols) {
        if (!symbol.range?.contains(position)) continue;
        const inner = innermostFunction(symbol.children ?? [], position);
        if (inner) return inner;
        if (isFunction(symbol.kind)) return symbol.range;
    }
    return undefined;
}

function isFunction(kind: vscode.SymbolKind): boolean {
    return kind === vscode.SymbolKind.Function || kind === vscode.SymbolKind.Method || kind === vscode.SymbolKind.Constructor;
}
