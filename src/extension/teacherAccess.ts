import * as vscode from "vscode";
import type { Teacher } from "../relay";
import { normalizeTeacherUrl, OpenAiTeacher, teacherApiKeyFromEnv } from "../teacher";
import type { Settings } from "./settings";

const SECRET_KEY = "relay.teacherApiKey";
const CONFIRMED_ORIGINS = "relay.confirmedTeacherOrigins";

/** Stores or clears the teacher API key; it lives only in SecretStorage (or the environment). */
export async function storeTeacherApiKey(secrets: vscode.SecretStorage, key: string | undefined): Promise<void> {
    if (key) await secrets.store(SECRET_KEY, key);
    else await secrets.delete(SECRET_KEY);
}

/**
 * Builds the teacher for a solve, or undefined when none is configured or the user declines to send the
 * key. The key goes only to origins the user confirmed (remembered in global state, which a workspace
 * cannot write): a cloned repository's settings can point the URL anywhere, so a new origin asks first.
 */
export async function resolveTeacher(settings: Settings, context: Pick<vscode.ExtensionContext, "secrets" | "globalState">): Promise<Teacher | undefined> {
    if (!settings.teacher.baseUrl) return undefined;
    const baseURL = normalizeTeacherUrl(settings.teacher.baseUrl);
    const key = (await context.secrets.get(SECRET_KEY)) || teacherApiKeyFromEnv();
    const url = new URL(baseURL);
    if (key) {
        const confirmed = context.globalState.get<string[]>(CONFIRMED_ORIGINS, []);
        if (!confirmed.includes(url.origin)) {
            const send = "Send Key";
            const choice = await vscode.window.showWarningMessage(
                `Send your teacher API key to ${url.origin}?`,
                { modal: true, detail: `The teacher URL ${baseURL} comes from your settings. Only allow servers you trust with the key; you will not be asked again for this origin.` },
                send,
                "Solve Without Teacher",
            );
            if (choice !== send) return undefined;
            await context.globalState.update(CONFIRMED_ORIGINS, [...confirmed, url.origin]);
        }
    }
    return new OpenAiTeacher({ baseURL, apiKey: key, model: settings.teacher.model || "default", api: settings.teacher.api, timeoutMs: Math.round(settings.teacher.timeoutSeconds * 1000) });
}
