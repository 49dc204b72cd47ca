import { TeacherRequestError } from "../relay";
import { checkTeacherUrl } from "./normalizeTeacherUrl";
import { registerSecret } from "../relay/redactCredentials";

/** Node's network error codes (fetch's `cause.code`), as a reason a user can act on. */
function networkCause(error: unknown, host: string): { reason: string; kind: TeacherRequestError["kind"] } {
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const code = typeof cause?.code === "string" ? cause.code : undefined;
    switch (code) {
        case "ECONNREFUSED":
            return { reason: `nothing is listening at ${host} (connection refused; is the server running?)`, kind: "unreachable" };
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return { reason: `the host name of ${host} does not resolve (${code})`, kind: "unreachable" };
        case "ECONNRESET":
        case "UND_ERR_SOCKET":
            return { reason: `${host} closed the connection without an HTTP answer (${code}; plain HTTP sent to an HTTPS port, or the reverse?)`, kind: "bad-response" };
        case "EHOSTUNREACH":
        case "ENETUNREACH":
            return { reason: `no network route to ${host} (${code})`, kind: "unreachable" };
        default:
            break;
    }
    if (code && /CERT|SSL|TLS|EPROTO/i.test(code)) return { reason: `TLS failed with ${host} (${code})`, kind: "bad-response" };
    if (code) return { reason: `cannot reach ${host} (${code})`, kind: "unreachable" };
    const detail = typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : String(error);
    return { reason: `the request to ${host} got no HTTP answer (${detail})`, kind: "unreachable" };
}

function isSocketReset(error: unknown): boolean {
    const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
    return code === "ECONNRESET" || code === "UND_ERR_SOCKET";
}

/**
 * Checks before a solve that the teacher's server answers at all, so a wrong URL or a rejected key is
 * reported as bad input up front, with the real cause (refused, unknown host, TLS, timeout, rejected key).
 * Any HTTP answer but 401/403 counts as reachable (some servers have no /models route). Failures during a
 * solve are handled by the relay loop instead. Messages never contain URL credentials.
 */
export async function probeTeacher(baseURL: string, apiKey: string | undefined, timeoutMs = 5000): Promise<void> {
    registerSecret(apiKey);
    // fetch refuses URLs with credentials; that is our rule too, said as such rather than as "unreachable".
    checkTeacherUrl(baseURL);
    const url = `${baseURL.replace(/\/+$/, "")}/models`;
    const signal = AbortSignal.timeout(timeoutMs);
    const get = () => fetch(url, { headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {}, signal });
    let response: Response;
    try {
        // A pooled keep-alive connection the server already closed fails once; a fresh one tells the truth.
        response = await get().catch((error: unknown) => (isSocketReset(error) ? get() : Promise.reject(error)));
    } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        if (timedOut) throw new TeacherRequestError(`the teacher at ${baseURL} accepted no request or sent no answer within ${timeoutMs / 1000} s`, "timeout", undefined, { cause: error });
        const { reason, kind } = networkCause(error, new URL(baseURL).host);
        throw new TeacherRequestError(`cannot use the teacher at ${baseURL}: ${reason}`, kind, undefined, { cause: error });
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 401 || response.status === 403) {
        throw new TeacherRequestError(`the teacher at ${baseURL} rejected the API key (HTTP ${response.status})`, "auth", response.status);
    }
}
