import * as vscode from "vscode";
import { SETTINGS_SECTION, type SettingKey } from "./settings";

/**
 * Teacher-free used to be a `relay.mode` value as well as `relay.teacherFree`. Once, at activation, every
 * `relay.mode: "teacher-free"` still written (user, workspace or folder settings) becomes `relay.teacherFree:
 * true` at the same place and the mode is removed there, so the switch is the only representation left.
 */
export async function migrateTeacherFreeMode(): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect<string>("mode" satisfies SettingKey);
    const targets = [
        [vscode.ConfigurationTarget.Global, "globalValue"],
        [vscode.ConfigurationTarget.Workspace, "workspaceValue"],
        [vscode.ConfigurationTarget.WorkspaceFolder, "workspaceFolderValue"],
    ] as const;
    for (const [target, field] of targets) {
        if (inspected?.[field] !== "teacher-free") continue;
        // A folder target needs an open folder; without one the value cannot be there either.
        if (target === vscode.ConfigurationTarget.WorkspaceFolder && !vscode.workspace.workspaceFolders?.length) continue;
        await config.update("teacherFree" satisfies SettingKey, true, target);
        await config.update("mode" satisfies SettingKey, undefined, target);
    }
}
