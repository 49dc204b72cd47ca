import { TeacherRequestError } from "../relay";
import { hasCredentials, redactCredentials } from "../relay/redactCredentials";

/**
 * The one line for a teacher URL with `user:password@`: URLs end up in settings, logs and error messages,
 * so a secret in one would leak; the key has its own channel.
 */
export function credentialsInUrlMessage(url: string): string {
    return `the teacher URL ${redactCredentials(url)} contains a user name or password; remove it and put the key in RELAY_TEACHER_API_KEY (the extension: Relay: Set Teacher API Key), which is sent as a Bearer token`;
}

/**
 * Checks a teacher URL and appends the `/v1` the OpenAI routes live under to a bare origin. Rejects, with a
 * `TeacherRequestError` of kind `bad-request`, URLs that are not http(s) and URLs carrying credentials
 * (never echoed: every message redacts them).
 */
export function normalizeTeacherUrl(raw: string): string {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new TeacherRequestError(`the teacher URL "${raw}" is not a valid URL`, "bad-request");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TeacherRequestError(`the teacher URL "${raw}" must start with http:// or https://`, "bad-request");
    if (url.username !== "" || url.password !== "" || hasCredentials(raw)) throw new TeacherRequestError(credentialsInUrlMessage(raw), "bad-request");
    if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
    return url.toString().replace(/\/+$/, "");
}
