import type { SettingKey } from "./settings";

/**
 * Where a setting the extension writes belongs: the one decision, for every command and panel control.
 * - `machine`: facts about this computer (a model file's path, its GPU, its threads). Written to the user's
 *   settings: in a workspace's `.vscode/settings.json` a path silently overrides the user's own choice and,
 *   committed, points colleagues at a file their machines do not have.
 * - `project`: choices a repository may want for itself (teacher-free as a privacy switch, a budget, the
 *   teacher, the mode). Written to the workspace when a folder is open, else to the user's settings.
 */
export type SettingScope = "machine" | "project";

const MACHINE: ReadonlySet<SettingKey> = new Set<SettingKey>(["student.model", "student.gpu", "student.gpuLayers", "student.threads", "student.contextSize"]);

export function scopeOf(key: SettingKey): SettingScope {
    return MACHINE.has(key) ? "machine" : "project";
}

/** Where a write of `key` lands: "user" or "workspace". */
export function writeTargetOf(key: SettingKey, workspaceOpen: boolean): "user" | "workspace" {
    return scopeOf(key) === "project" && workspaceOpen ? "workspace" : "user";
}
