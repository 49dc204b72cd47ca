import { pollFor } from "../../support/waitFor";
import type { VsCode } from "./openVsCode";

/** The whole text of the editor `editorSelector` finds, read as a person would copy it (Monaco draws only the visible lines). */
export async function copyEditorText(vscode: VsCode, editorSelector: string): Promise<string> {
    const sentinel = `relay-e2e-${Date.now()}`;
    await vscode.page.evaluate((value) => navigator.clipboard.writeText(value), sentinel);
    await vscode.page.locator(editorSelector).first().locator(".view-lines").click();
    await vscode.page.keyboard.press("ControlOrMeta+A");
    await vscode.page.keyboard.press("ControlOrMeta+C");
    const text = await waitForClipboard(vscode, (copied) => copied !== sentinel);
    // Back to the top, unselected, as the editor was.
    await vscode.page.keyboard.press("ControlOrMeta+Home");
    return text;
}

/** Polls the page's clipboard until `done` accepts its text; returns the text. */
export async function waitForClipboard(vscode: VsCode, done: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const text = await pollFor(() => vscode.page.evaluate(() => navigator.clipboard.readText()), done, {
        timeoutMs,
        intervalMs: 100,
        failure: (last) => `the clipboard never changed as expected; it holds:\n${last.slice(0, 500)}`,
    });
    return text.replace(/\r\n/g, "\n");
}
