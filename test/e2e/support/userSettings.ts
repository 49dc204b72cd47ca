import { quietSettings } from "./codeServer";
import type { VsCode } from "./openVsCode";

/**
 * Replaces the user settings as a person does: in "Preferences: Open User Settings (JSON)", pasted, saved and
 * closed (code-server did not pick up a rewrite of the file on disk made behind its back). `quietSettings` stay
 * in. Returns once the file is saved; the caller waits for what shows the extension has the new values.
 */
export async function setUserSettings(vscode: VsCode, settings: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify({ ...quietSettings, ...settings }, null, 4);
    await vscode.runCommand("Preferences: Open User Settings (JSON)");
    // The editor, wherever VS Code opens it (an editor group or a modal editor), by its model's URI.
    const editor = vscode.page.locator('.monaco-editor[data-uri$="settings.json"]').first();
    await editor.waitFor({ state: "visible", timeout: 15_000 });
    await editor.locator(".view-lines").click();
    await vscode.page.evaluate((value) => navigator.clipboard.writeText(value), text);
    await vscode.page.keyboard.press("ControlOrMeta+A");
    await vscode.page.keyboard.press("ControlOrMeta+V");
    await vscode.page.keyboard.press("ControlOrMeta+S");
    await vscode.page.locator(".tab.dirty").filter({ hasText: "settings.json" }).waitFor({ state: "detached", timeout: 10_000 });
    await vscode.runCommand("View: Close Editor");
}
