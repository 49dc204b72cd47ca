import * as vscode from "vscode";
import { SETTINGS_SECTION, type SettingKey } from "./settings";
import { writeTargetOf } from "./settingScope";

/**
 * Writes one `relay.*` setting where it belongs (settingScope.ts) and says where: the returned phrase ("your
 * user settings", "this workspace's settings") goes into the confirmation the caller shows. A machine setting
 * that the workspace also sets is overridden there: the user is told, and offered to remove the workspace's.
 */
export async function writeSetting(key: SettingKey, value: unknown): Promise<string> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const target = writeTargetOf(key, Boolean(vscode.workspace.workspaceFolders?.length));
    await config.update(key, value, target === "workspace" ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    if (target === "user" && config.inspect(key)?.workspaceValue !== undefined && value !== undefined) void offerToDropWorkspaceValue(key);
    return target === "workspace" ? "this workspace's settings" : "your user settings";
}

async function offerToDropWorkspaceValue(key: SettingKey): Promise<void> {
    const remove = "Remove the Workspace's Value";
    const choice = await vscode.window.showWarningMessage(`Relay: this workspace's settings also set relay.${key}, which overrides your user settings here.`, remove);
    if (choice === remove) await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, undefined, vscode.ConfigurationTarget.Workspace);
}
