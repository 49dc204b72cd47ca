import * as vscode from "vscode";

/** Opens `text` in a read-only editor beside the current one (an untitled document would invite editing and a save prompt). */
export async function showReadOnlyText(text: string, language = "plaintext"): Promise<void> {
    const document = await vscode.workspace.openTextDocument({ content: text, language });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    await vscode.commands.executeCommand("workbench.action.files.setActiveEditorReadonlyInSession");
}
