/**
 * Hides the user name and password of every URL in a text (`http://user:pw@host` becomes
 * `http://***@host`). Error messages, events and logs pass through it, so a teacher URL with
 * credentials is never printed, whoever builds the message.
 */
export function redactCredentials(text: string): string {
    // scheme://userinfo@ — userinfo cannot contain "/", "?", "#", "@" or whitespace.
    return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi, "$1***@");
}

/** True when `url` (parsed or not) carries a user name or password. */
export function hasCredentials(url: string): boolean {
    return redactCredentials(url) !== url;
}

/** Shorter strings are not treated as secrets: redacting them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;
const secrets = new Set<string>();
/** `Authorization: Bearer <token>` as a server may echo it; the token's characters per RFC 6750. */
const BEARER = /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi;
/** A token has digits or length; "Bearer authentication" in a sentence is no secret. */
const looksLikeToken = (token: string) => /\d/.test(token) || token.length >= 20;

/**
 * Makes a secret this process holds (a teacher API key, from the environment or SecretStorage) one that
 * `redactSecrets` replaces wherever it appears. A server can echo the key it was sent into an error message or
 * its text; nothing of ours may then print it.
 */
export function registerSecret(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
}

/** The registered secrets (for stream redaction, which must hold back a secret's first characters). */
export function knownSecrets(): readonly string[] {
    return [...secrets];
}

/** URL credentials, bearer tokens and every registered secret, replaced by `***`. */
export function redactSecrets(text: string): string {
    let out = redactCredentials(text).replace(BEARER, (match, prefix: string, token: string) => (looksLikeToken(token) ? `${prefix}***` : match));
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("***");
    return out;
}
