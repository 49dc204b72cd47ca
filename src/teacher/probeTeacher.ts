import { TeacherRequestError } from "../relay";

/**
 * Checks before a solve that the teacher's server answers at all, so a wrong URL or a rejected key is
 * reported as bad input up front. Any HTTP answer but 401/403 counts as reachable (some servers have no
 * /models route). Failures during a solve are handled by the relay loop instead.
 */
export async function probeTeacher(baseURL: string, apiKey: string | undefined, timeoutMs = 5000): Promise<void> {
    const url = `${baseURL.replace(/\/+$/, "")}/models`;
    let response: Response;
    try {
        response = await fetch(url, {
            headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
            signal: AbortSignal.timeout(timeoutMs),
        });
    } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new TeacherRequestError(
            timedOut ? `the teacher at ${baseURL} did not answer within ${timeoutMs / 1000} s` : `cannot reach the teacher at ${baseURL} (is the server running?)`,
            timedOut ? "timeout" : "unreachable",
            undefined,
            { cause: error },
        );
    }
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
        throw new TeacherRequestError(`the teacher at ${baseURL} rejected the API key (HTTP ${response.status})`, "auth", response.status);
    }
}

/** Servers are often given without the `/v1` the OpenAI routes live under; add it to a bare origin. */
export function normalizeTeacherUrl(raw: string): string {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new TeacherRequestError(`the teacher URL "${raw}" is not a valid URL`, "bad-request");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TeacherRequestError(`the teacher URL "${raw}" must start with http:// or https://`, "bad-request");
    if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
    return url.toString().replace(/\/+$/, "");
}
