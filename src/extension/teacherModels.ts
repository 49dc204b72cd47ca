import { TeacherRequestError } from "../relay";
import { probeTeacher } from "../teacher";
import { isRecord } from "../util/schema";

/**
 * The model names the teacher's server lists at `GET {baseURL}/models` (OpenAI's `{ data: [{ id }] }`).
 * Reachability and the key are checked first by the teacher adapter's probe, so a dead server or a rejected
 * key fails with its real cause; a server without the route yields an empty list.
 */
export async function listTeacherModels(baseURL: string, apiKey: string | undefined, timeoutMs = 5000): Promise<string[]> {
    await probeTeacher(baseURL, apiKey, timeoutMs);
    const response = await fetch(`${baseURL.replace(/\/+$/, "")}/models`, { headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {}, signal: AbortSignal.timeout(timeoutMs) }).catch((error: unknown) => {
        throw new TeacherRequestError(`the teacher at ${baseURL} stopped answering while listing its models`, "unreachable", undefined, { cause: error });
    });
    if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return [];
    }
    const body: unknown = await response.json().catch(() => undefined);
    return modelIds(body);
}

/** The ids of an OpenAI-style model list; anything else in the body is ignored. */
export function modelIds(body: unknown): string[] {
    const data = isRecord(body) ? body.data : undefined;
    if (!Array.isArray(data)) return [];
    const ids = data.flatMap((entry) => (isRecord(entry) && typeof entry.id === "string" ? [entry.id] : []));
    return [...new Set(ids)].filter((id) => id.length > 0 && id.length <= 200);
}
