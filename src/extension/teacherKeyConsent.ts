import { AbortError } from "../relay";

/** Where the confirmed origins are remembered: global state, which a workspace cannot write. */
export interface OriginMemory {
    get<T>(key: string, defaultValue: T): T;
    update(key: string, value: unknown): Thenable<void>;
}

/** The user's answer to "Send your teacher API key to <origin>?"; undefined when the dialog was cancelled. */
export type KeyConsentAnswer = "send" | "without-key" | undefined;

/** Asks the user whether the key may go to `origin` (`baseURL` is the full teacher URL, for the detail). */
export type AskKeyConsent = (origin: string, baseURL: string) => PromiseLike<KeyConsentAnswer>;

const CONFIRMED_ORIGINS = "relay.confirmedTeacherOrigins";

/**
 * The API key for `baseURL`, or undefined when there is none or the user chose to go on without it. The key
 * goes only to origins the user confirmed: a cloned repository's settings can point the URL anywhere, so a
 * new origin (scheme, host and port) asks first, and only "send" is remembered. Cancelling throws an
 * `AbortError`: the user stopped, not chose "no teacher".
 */
export async function keyForOrigin(baseURL: string, key: string | undefined, memory: OriginMemory, ask: AskKeyConsent): Promise<{ key?: string; declined: boolean }> {
    if (!key) return { declined: false };
    const origin = new URL(baseURL).origin;
    const confirmed = memory.get<string[]>(CONFIRMED_ORIGINS, []);
    if (confirmed.includes(origin)) return { key, declined: false };
    const answer = await ask(origin, baseURL);
    if (answer === undefined) throw new AbortError("cancelled at the API key question");
    if (answer !== "send") return { declined: true };
    await memory.update(CONFIRMED_ORIGINS, [...confirmed, origin]);
    return { key, declined: false };
}
