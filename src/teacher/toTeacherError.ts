import type { APIError } from "openai";
import { openAiSdk } from "./openAiSdk";
import { AbortError, isAbortError, TeacherRequestError } from "../relay";
import { retryAfterMs } from "./retryAfter";

/** Where the error surfaced: opening the request, or reading its streamed body. */
export type TeacherCallPhase = "request" | "stream";

export interface TeacherErrorContext {
    /** Named in every message; the API key never is. */
    baseURL: string;
    /** Only for the message of a timeout: the longest silence allowed. */
    timeoutMs?: number;
    /** Default `request`. In `stream`, a non-SDK error is a broken connection or an unparsable chunk. */
    phase?: TeacherCallPhase;
}

const maxServerMessage = 300;

/** The server's own error text (`{error: {message}}`), shortened, or undefined. */
function serverMessage(error: APIError): string | undefined {
    const body = error.error as { message?: unknown } | undefined;
    if (typeof body?.message !== "string" || body.message.trim() === "") return undefined;
    const text = body.message.trim().replace(/\s+/g, " ").replace(/\.$/, "");
    return text.length > maxServerMessage ? `${text.slice(0, maxServerMessage)}...` : text;
}

/** The HTTP status, or the numeric `code` of an error object sent inside a stream (llama-server does). */
function statusOf(error: APIError): number | undefined {
    if (error.status !== undefined) return error.status;
    const code = (error.error as { code?: unknown } | undefined)?.code;
    return typeof code === "number" && code >= 400 && code < 600 ? code : undefined;
}

/** Our sentence first; the server's own words after it, quoted, as detail (they may be cryptic: "unordered_map::at"). */
function withDetail(sentence: string, detail: string | undefined): string {
    return detail === undefined ? `${sentence}.` : `${sentence}. The server said: “${detail}”.`;
}

/**
 * Turns what the openai SDK (or fetch) threw into the engine's errors, by class, never by message text:
 * a cancel becomes `AbortError`, a known failure a `TeacherRequestError` with its `kind` and a one-sentence
 * message naming the base URL. Anything else (a bug, an exception from a callback) is returned unchanged.
 */
export function toTeacherError(error: unknown, context: TeacherErrorContext): unknown {
    const teacher = `the teacher at ${context.baseURL}`;
    const Teacher = `The teacher at ${context.baseURL}`;
    const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AuthenticationError, InternalServerError, PermissionDeniedError, RateLimitError } =
        openAiSdk();
    const wrap = (message: string, kind: TeacherRequestError["kind"], status?: number) => {
        const retryAfter = error instanceof APIError ? retryAfterMs(error.headers) : undefined;
        return new TeacherRequestError(message, kind, status, retryAfter === undefined ? { cause: error } : { cause: error, retryAfterMs: retryAfter });
    };

    if (error instanceof AbortError) return error;
    // The SDK's APIUserAbortError, or fetch's own AbortError when a signal cancelled the body read.
    if (error instanceof APIUserAbortError || isAbortError(error)) return new AbortError("The teacher request was cancelled.", { cause: error });
    if (error instanceof APIConnectionTimeoutError) {
        const limit = context.timeoutMs === undefined ? "in time" : `for ${context.timeoutMs / 1000} s (teacher timeout)`;
        return wrap(`${Teacher} sent nothing ${limit}.`, "timeout");
    }
    if (error instanceof APIConnectionError) {
        return wrap(`Could not connect to ${teacher}; check that the server is running and the URL is right.`, "unreachable");
    }
    if (error instanceof AuthenticationError) {
        return wrap(`${Teacher} refused the API key (401); check the key in the settings.`, "auth", 401);
    }
    if (error instanceof PermissionDeniedError) {
        return wrap(`${Teacher} denied access (403); check the API key and what it is allowed to use.`, "auth", 403);
    }
    if (error instanceof RateLimitError) {
        return wrap(`${Teacher} is limiting the request rate (429); wait a moment and try again.`, "rate-limit", 429);
    }
    if (error instanceof APIError) {
        const status = statusOf(error);
        const detail = serverMessage(error);
        if (error instanceof InternalServerError || status === undefined || status >= 500) {
            const code = status === undefined ? "" : ` (${status})`;
            return wrap(withDetail(`${Teacher} failed with a server error${code}`, detail), "server", status);
        }
        if (status === 404) {
            return wrap(withDetail(`${Teacher} has no such endpoint or model (404); check that the URL ends in /v1 and the model name`, detail), "bad-request", status);
        }
        return wrap(withDetail(`${Teacher} rejected the request (${status})`, detail), "bad-request", status);
    }
    if (context.phase === "stream") {
        if (error instanceof SyntaxError) {
            return wrap(`${Teacher} sent a streamed response that is not valid JSON.`, "bad-response");
        }
        // Only the body read runs in this phase: fetch reports a dropped connection as a TypeError ("terminated").
        if (error instanceof Error) {
            return wrap(`The connection to ${teacher} broke off in the middle of an answer.`, "unreachable");
        }
    }
    return error;
}
