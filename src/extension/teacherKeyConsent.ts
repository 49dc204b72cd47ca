import { AbortError } from "../relay";
import { unlessAborted } from "../util/unlessAborted";

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

export interface KeyConsentOptions {
    /** Whether the server at `baseURL` gives any HTTP answer (asked without the key). Default: not checked. */
    answers?: (baseURL: string) => Promise<boolean>;
    /** Stops waiting for the answer (a non-modal question can stay unanswered): an `AbortError`. */
    signal?: AbortSignal;
}

const stopped = () => new AbortError("stopped at the API key question");

/**
 * The API key for `baseURL`, or undefined when there is none or the user chose to go on without it. The key
 * goes only to origins the user confirmed: a cloned repository's settings can point the URL anywhere, so a
 * new origin (scheme, host and port) asks first — once its server answered, when `options.answers` checks —
 * and only "send" is remembered. Cancelling (or `options.signal`) throws an `AbortError`: the user stopped, not
 * chose "no teacher".
 */
export async function keyForOrigin(baseURL: string, key: string | undefined, memory: OriginMemory, ask: AskKeyConsent, options: KeyConsentOptions = {}): Promise<{ key?: string; declined: boolean }> {
    if (!key) return { declined: false };
    const origin = new URL(baseURL).origin;
    const confirmed = memory.get<string[]>(CONFIRMED_ORIGINS, []);
    if (confirmed.includes(origin)) return { key, declined: false };
    // A server that does not answer is not worth a question: the request goes without the key and fails with
    // its real cause; the question comes once the server answers.
    if (options.answers && !(await options.answers(baseURL))) return { declined: false };
    // Stopped while the server was checked: no question at all.
    if (options.signal?.aborted) throw stopped();
    const answer = await unlessAborted(ask(origin, baseURL), options.signal, stopped);
    if (answer === undefined) throw new AbortError("cancelled at the API key question");
    if (answer !== "send") return { declined: true };
    await memory.update(CONFIRMED_ORIGINS, [...confirmed, origin]);
    return { key, declined: false };
}
