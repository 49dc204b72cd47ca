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
