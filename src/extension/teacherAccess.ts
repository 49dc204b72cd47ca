import * as vscode from "vscode";
import { AbortError, ConfigError, type Teacher } from "../relay";
import { normalizeTeacherUrl, OpenAiTeacher, teacherApiKeyFromEnv } from "../teacher";
import type { Settings } from "./settings";
import { listTeacherModels } from "./teacherModels";

const SECRET_KEY = "relay.teacherApiKey";
const CONFIRMED_ORIGINS = "relay.confirmedTeacherOrigins";

/** Stores or clears the teacher API key; it lives only in SecretStorage (or the environment). */
export async function storeTeacherApiKey(secrets: vscode.SecretStorage, key: string | undefined): Promise<void> {
    if (key) await secrets.store(SECRET_KEY, key);
    else await secrets.delete(SECRET_KEY);
}

/**
 * The API key for `baseURL`, or undefined when there is none or the user chose to go on without it. The key
 * goes only to origins the user confirmed (remembered in global state, which a workspace cannot write): a
 * cloned repository's settings can point the URL anywhere, so a new origin asks first. Cancelling the
 * dialog throws an `AbortError`: the user stopped, not chose "no teacher".
 */
export async function teacherKeyFor(baseURL: string, context: Pick<vscode.ExtensionContext, "secrets" | "globalState">, withoutKey: string): Promise<{ key?: string; declined: boolean }> {
    const key = (await context.secrets.get(SECRET_KEY)) || teacherApiKeyFromEnv();
    if (!key) return { declined: false };
    const origin = new URL(baseURL).origin;
    const confirmed = context.globalState.get<string[]>(CONFIRMED_ORIGINS, []);
    if (confirmed.includes(origin)) return { key, declined: false };
    const send = "Send Key";
    const choice = await vscode.window.showWarningMessage(
        `Send your teacher API key to ${origin}?`,
        { modal: true, detail: `The teacher URL ${baseURL} comes from your settings. Only allow servers you trust with the key; you will not be asked again for this origin.` },
        send,
        withoutKey,
    );
    if (choice === undefined) throw new AbortError("cancelled at the API key question");
    if (choice !== send) return { declined: true };
    await context.globalState.update(CONFIRMED_ORIGINS, [...confirmed, origin]);
    return { key, declined: false };
}

/**
 * Builds the teacher for a solve, or undefined when none is configured or the user chose "Solve Without
 * Teacher". An empty model name is not guessed: the server's only model is used, else a `ConfigError`
 * lists the choices.
 */
export async function resolveTeacher(settings: Settings, context: Pick<vscode.ExtensionContext, "secrets" | "globalState">): Promise<Teacher | undefined> {
    if (!settings.teacher.baseUrl) return undefined;
    const baseURL = normalizeTeacherUrl(settings.teacher.baseUrl);
    const { key, declined } = await teacherKeyFor(baseURL, context, "Solve Without Teacher");
    if (declined) return undefined;
    const model = settings.teacher.model || (await onlyModel(baseURL, key));
    return new OpenAiTeacher({ baseURL, apiKey: key, model, api: settings.teacher.api, prefill: settings.teacher.prefill, timeoutMs: Math.round(settings.teacher.timeoutSeconds * 1000) });
}

async function onlyModel(baseURL: string, key: string | undefined): Promise<string> {
    const models = await listTeacherModels(baseURL, key);
    if (models.length === 1) return models[0]!;
    const listed = models.length > 0 ? `the server offers ${models.slice(0, 8).join(", ")}${models.length > 8 ? ", …" : ""}` : "the server lists no models";
    throw new ConfigError(`relay.teacher.model is empty and ${listed}: run “Relay: Test Teacher Connection” to pick one`);
}
