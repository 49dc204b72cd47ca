import * as vscode from "vscode";
import { isAbortError } from "../relay";
import { choosePrefill, normalizeTeacherUrl } from "../teacher";
import { errorMessage } from "../util/errorMessage";
import { readSettings, SETTINGS_SECTION, type SettingKey } from "./settings";
import { teacherKeyFor } from "./teacherAccess";
import { listTeacherModels } from "./teacherModels";
import { prefillWarning, presetSettings, TEACHER_PRESETS, type TeacherPreset } from "./teacherPresets";

/**
 * Where teacher settings go: the user's settings (a teacher is usually the same in every workspace, and an
 * untrusted workspace's own teacher settings are ignored), unless this workspace already sets its own URL.
 */
function teacherTarget(): vscode.ConfigurationTarget {
    const url = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect("teacher.baseUrl" satisfies SettingKey);
    return url?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** "Relay: Choose Teacher Provider": a preset fills URL, request style, prefill and prices. */
async function chooseTeacherProvider(secrets: vscode.SecretStorage): Promise<void> {
    const picked = await vscode.window.showQuickPick(
        TEACHER_PRESETS.map((preset) => ({
            label: preset.label,
            description: preset.baseUrl,
            detail: [preset.needsKey ? "needs an API key" : "local, no key", preset.continuesPartialAnswer ? "continues partial answers" : "⚠ cannot continue a partial answer", preset.model ? `model ${preset.model}` : "pick the model after testing"].join(" · "),
            preset,
        })),
        { title: "Relay: Choose Teacher Provider", placeHolder: "Where the teacher model runs", matchOnDescription: true },
    );
    if (!picked) return;
    const preset: TeacherPreset = picked.preset;
    // A preset's port is only its default: a server elsewhere is the common case for local ones.
    const url = await vscode.window.showInputBox({
        title: `Relay: ${preset.label} — the server's URL`,
        value: preset.baseUrl,
        prompt: "The OpenAI-compatible base URL (usually ending in /v1); change the host or port if your server runs elsewhere.",
        ignoreFocusOut: true,
        validateInput: (value) => {
            try {
                normalizeTeacherUrl(value.trim());
                return undefined;
            } catch (error) {
                return errorMessage(error);
            }
        },
    });
    if (url === undefined) return;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const target = teacherTarget();
    for (const [key, value] of Object.entries({ ...presetSettings(preset), "teacher.baseUrl": url.trim() })) await config.update(key, value, target);
    const where = target === vscode.ConfigurationTarget.Workspace ? "this workspace's settings" : "your user settings";
    const warning = prefillWarning(preset.label, preset.api, preset.prefill);
    if (warning) void vscode.window.showWarningMessage(`Relay: ${warning}`);
    void vscode.window.setStatusBarMessage(`Relay: teacher set to ${preset.label} (${url.trim()}) in ${where}`, 5000);
    // A key first when the server needs one and none is stored; then the connection is tested at once.
    if (preset.needsKey && !(await secrets.get("relay.teacherApiKey"))) await vscode.commands.executeCommand("relay.setTeacherApiKey");
    await vscode.commands.executeCommand("relay.testTeacherConnection");
}

/** "Relay: Test Teacher Connection": reaches the server, lists its models (`/v1/models`) and sets the one picked. */
async function testTeacherConnection(context: Pick<vscode.ExtensionContext, "secrets" | "globalState">): Promise<void> {
    const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
    if (!settings.teacher.baseUrl) {
        const choice = await vscode.window.showWarningMessage("Relay: no teacher URL is set (relay.teacher.baseUrl).", "Choose Teacher Provider");
        if (choice) await vscode.commands.executeCommand("relay.chooseTeacherProvider");
        return;
    }
    let models: string[];
    let baseURL: string;
    try {
        baseURL = normalizeTeacherUrl(settings.teacher.baseUrl);
        const { key } = await teacherKeyFor(baseURL, context, "Test Without Key");
        models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Relay: connecting to ${baseURL}…` }, () => listTeacherModels(baseURL, key));
    } catch (error) {
        if (isAbortError(error)) return;
        const choice = await vscode.window.showErrorMessage(`Relay: teacher connection failed: ${errorMessage(error)}`, "Open Teacher Settings", "Choose Teacher Provider");
        if (choice === "Open Teacher Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "relay.teacher");
        if (choice === "Choose Teacher Provider") await vscode.commands.executeCommand("relay.chooseTeacherProvider");
        return;
    }
    const warning = prefillWarning(new URL(baseURL).host, settings.teacher.api, choosePrefill(settings.teacher.prefill, baseURL));
    if (warning) void vscode.window.showWarningMessage(`Relay: ${warning}`);
    if (models.length === 0) {
        void vscode.window.showInformationMessage(`Relay: the teacher at ${baseURL} answers, but lists no models; set relay.teacher.model by hand.`);
        return;
    }
    const current = settings.teacher.model;
    const picked = await vscode.window.showQuickPick(
        models.map((id) => ({ label: id, description: id === current ? "current" : undefined })),
        { title: `Relay: ${baseURL} answers — ${models.length} model${models.length === 1 ? "" : "s"}; pick the teacher`, placeHolder: current ? `current: ${current}` : "the teacher model" },
    );
    if (!picked || picked.label === current) return;
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update("teacher.model" satisfies SettingKey, picked.label, teacherTarget());
    void vscode.window.setStatusBarMessage(`Relay: teacher model set to ${picked.label}`, 4000);
}

export function registerTeacherSetup(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
        vscode.commands.registerCommand("relay.chooseTeacherProvider", () => chooseTeacherProvider(context.secrets)),
        vscode.commands.registerCommand("relay.testTeacherConnection", () => testTeacherConnection(context)),
    );
}
