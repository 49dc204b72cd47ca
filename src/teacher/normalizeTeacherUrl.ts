import { ConfigError } from "../relay";
import { hasCredentials, redactCredentials } from "../relay/redactCredentials";

/**
 * The one line for a teacher URL with `user:password@`: URLs end up in settings, logs and error messages,
 * so a secret in one would leak; the key has its own channel.
 */
export function credentialsInUrlMessage(url: string): string {
    return `the teacher URL ${redactCredentials(url)} contains a user name or password; remove it and put the key in RELAY_TEACHER_API_KEY (the extension: Relay: Set Teacher API Key), which is sent as a Bearer token`;
}

/**
 * The one check of a teacher URL: a `ConfigError` (the user's setting or flag is wrong; the CLI exits 2) for
 * a URL that does not parse, is not http(s) or carries credentials (never echoed: every message redacts them).
 */
export function checkTeacherUrl(raw: string): URL {
    if (!URL.canParse(raw)) throw new ConfigError(`the teacher URL "${raw}" is not a valid URL`);
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`the teacher URL "${raw}" must start with http:// or https://`);
    if (url.username !== "" || url.password !== "" || hasCredentials(raw)) throw new ConfigError(credentialsInUrlMessage(raw));
    return url;
}

/** Checks a teacher URL ({@link checkTeacherUrl}) and appends the `/v1` the OpenAI routes live under to a bare origin. */
export function normalizeTeacherUrl(raw: string): string {
    const url = checkTeacherUrl(raw);
    if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
    return url.toString().replace(/\/+$/, "");
}
