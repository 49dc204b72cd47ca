/** The longest wait a server's `Retry-After` can impose on one retry: an editor must not hang on it. */
export const maxRetryAfterMs = 10_000;

/**
 * The wait a response asks for before a retry, in milliseconds, capped at `maxRetryAfterMs`; undefined
 * when it names none. Reads `retry-after-ms` (OpenAI's) and `retry-after` (seconds or an HTTP date).
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
    if (!headers) return undefined;
    const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, maxRetryAfterMs);
    const raw = headers.get("retry-after")?.trim();
    if (!raw) return undefined;
    if (/^\d+(\.\d+)?$/.test(raw)) return Math.min(Number(raw) * 1000, maxRetryAfterMs);
    const date = Date.parse(raw);
    if (Number.isNaN(date)) return undefined;
    return Math.min(Math.max(0, date - now), maxRetryAfterMs);
}
