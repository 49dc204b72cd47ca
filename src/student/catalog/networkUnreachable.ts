/** System error codes that mean the host cannot be reached at all (no network, no DNS, nothing listening). */
const unreachableCodes: ReadonlySet<string> = new Set([
    "ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "ETIMEDOUT", "ECONNRESET",
    "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET",
]);

/**
 * True when `error`, or an error in its `cause` chain (fetch wraps the socket's), carries a system code
 * that says the network or the host is unreachable: the "offline" that a Retry may fix. Reads codes, never
 * message text.
 */
export function isNetworkUnreachable(error: unknown): boolean {
    const seen = new Set<unknown>();
    for (let current = error; current !== null && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
        seen.add(current);
        const code = (current as { code?: unknown }).code;
        if (typeof code === "string" && unreachableCodes.has(code)) return true;
        const errors = (current as { errors?: unknown }).errors;
        if (Array.isArray(errors) && errors.some(isNetworkUnreachable)) return true;
    }
    return false;
}
