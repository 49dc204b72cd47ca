import type { PrefillOption } from "./choosePrefill";

/** How to reach an OpenAI-compatible teacher server and how to ask it. */
export interface OpenAiTeacherOptions {
    /** The server's OpenAI-compatible base URL, usually ending in `/v1` (`http://127.0.0.1:8080/v1`). Required. */
    baseURL: string;
    /**
     * Bearer key. Default: none, and a harmless placeholder is sent (local servers need no key). Comes only
     * from the caller: the adapter never reads it from the environment or settings.
     */
    apiKey?: string;
    /** Model name sent with every request, and the teacher's `name`. Required (llama-server accepts any). */
    model: string;
    /**
     * `completions` (default): the raw `templatedPrompt + partial` on /v1/completions (vLLM, llama-server,
     * Ollama, LM Studio). `chat`: /v1/chat/completions with the partial answer as a prefilled assistant message.
     */
    api?: "completions" | "chat";
    /** Chat style only: how the server is asked to continue the partial answer. Default `auto` (see `choosePrefill`). */
    prefill?: PrefillOption;
    /**
     * The longest silence, in milliseconds: before the first streamed text of an attempt, and between two
     * pieces of text (chunks without text, such as keep-alives, do not count). Past it the call fails with kind `timeout` (never retried: a stalled server costs this once).
     * Default 20000 (`defaultTimeoutMs`).
     */
    timeoutMs?: number;
    /**
     * The slowest a call may write, in tokens per second: a call gets `timeoutMs` + maxTokens / this in all
     * (retries included), then it ends as `timeout` with the text it sent so far. Text restarts the silence
     * timer, so without this a server dripping a character every few seconds could hold one call for hours.
     * Default 5 (`defaultMinTokensPerSecond`): a 512-token grant gets 20 s + 102 s.
     */
    minTokensPerSecond?: number;
    /**
     * Retries of a refused or dropped connection, a 408, 409, 429 or 5xx answer, only while the teacher has sent
     * no text yet; each waits the server's `Retry-After` (at most 10 s) or a short backoff. Default 2.
     */
    maxRetries?: number;
    /**
     * Sends llama-server's `cache_prompt: true`, which keeps the shared prefix in its KV cache. Default true,
     * except for known hosted APIs (OpenAI, DeepSeek, ...), which get no server-specific fields.
     */
    cachePrompt?: boolean;
    /** Extra JSON fields for every request body (`top_k`, `seed`, ...), merged last so they override. Default none. */
    extraBody?: Record<string, unknown>;
}

/** Sent when `apiKey` is absent: servers without auth ignore it, and the SDK insists on some key. */
export const placeholderApiKey = "sk-no-key-required";

/** The teacher timeout's default: the `teacher.timeoutSeconds` setting and `--teacher-timeout` say 20 s. */
export const defaultTimeoutSeconds = 20;
export const defaultTimeoutMs = defaultTimeoutSeconds * 1000;
export const defaultMaxRetries = 2;
/** The call time limit's default speed: the `teacher.minTokensPerSecond` setting and `--teacher-min-speed` say 5. */
export const defaultMinTokensPerSecond = 5;

/** The most time one call of `maxTokens` may take, in milliseconds (see `minTokensPerSecond`). */
export function callTimeLimitMs(maxTokens: number, timeoutMs: number, minTokensPerSecond: number): number {
    return timeoutMs + Math.ceil((maxTokens / minTokensPerSecond) * 1000);
}
