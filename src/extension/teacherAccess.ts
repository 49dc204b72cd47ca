import * as vscode from "vscode";
import { ConfigError, TeacherRequestError, type Teacher } from "../relay";
import { normalizeTeacherUrl, OpenAiTeacher, probeTeacher, teacherApiKeyFromEnv } from "../teacher";
import type { Settings } from "./settings";
import { keyForOrigin } from "./teacherKeyConsent";
import { listTeacherModels } from "./teacherModels";

const SECRET_KEY = "relay.teacherApiKey";

/** Stores or clears the teacher API key; it lives only in SecretStorage (or the environment). */
export async function storeTeacherApiKey(secrets: vscode.SecretStorage, key: string | undefined): Promise<void> {
    if (key) await secrets.store(SECRET_KEY, key);
    else await secrets.delete(SECRET_KEY);
}

/**
 * The API key for `baseURL` after the user's consent for its origin ({@link keyForOrigin}): asked once the server
 * answered (a request without the key), in a notification rather than a modal dialog, so the editor stays usable
 * while it waits; `signal` (the solve's Stop) ends the wait.
 */
export async function teacherKeyFor(baseURL: string, context: Pick<vscode.ExtensionContext, "secrets" | "globalState">, withoutKey: string, signal?: AbortSignal): Promise<{ key?: string; declined: boolean }> {
    const key = (await context.secrets.get(SECRET_KEY)) || teacherApiKeyFromEnv();
    const ask = async (origin: string, url: string) => {
        const send = "Send Key";
        const choice = await vscode.window.showWarningMessage(
            `Relay: send your teacher API key to ${origin}? The teacher URL ${url} comes from your settings; allow only servers you trust with the key (you will not be asked again for this origin).`,
            send,
            withoutKey,
        );
        return choice === undefined ? undefined : choice === send ? "send" : "without-key";
    };
    return keyForOrigin(baseURL, key, context.globalState, ask, { answers: serverAnswers, signal });
}

/** Any HTTP answer counts, a refusal of the missing key (401, 403) included. */
async function serverAnswers(baseURL: string): Promise<boolean> {
    return probeTeacher(baseURL, undefined).then(
        () => true,
        (error: unknown) => error instanceof TeacherRequestError && error.kind === "auth",
    );
}

/**
 * Builds the teacher for a solve, or undefined when none is configured or the user chose "Solve Without
 * Teacher". An empty model name is not guessed: the server's only model is used, else a `ConfigError`
 * lists the choices.
 */
export async function resolveTeacher(settings: Settings, context: Pick<vscode.ExtensionContext, "secrets" | "globalState">, signal?: AbortSignal): Promise<Teacher | undefined> {
    if (!settings.teacher.baseUrl) return undefined;
    const baseURL = normalizeTeacherUrl(settings.teacher.baseUrl);
    const { key, declined } = await teacherKeyFor(baseURL, context, "Solve Without Teacher", signal);
    if (declined) return undefined;
    const model = settings.teacher.model || (await onlyModel(baseURL, key));
    return new OpenAiTeacher({ baseURL, apiKey: key, model, api: settings.teacher.api, prefill: settings.teacher.prefill, timeoutMs: Math.round(settings.teacher.timeoutSeconds * 1000), minTokensPerSecond: settings.teacher.minTokensPerSecond });
}

async function onlyModel(baseURL: string, key: string | undefined): Promise<string> {
    const models = await listTeacherModels(baseURL, key);
    if (models.length === 1) return models[0]!;
    const listed = models.length > 0 ? `the server offers ${models.slice(0, 8).join(", ")}${models.length > 8 ? ", …" : ""}` : "the server lists no models";
    throw new ConfigError(`relay.teacher.model is empty and ${listed}: run “Relay: Test Teacher Connection” to pick one`);
}
