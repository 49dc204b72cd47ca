import type OpenAI from "openai";
import { openAiSdk } from "./openAiSdk";
import type { Stream } from "openai/streaming";
import { AbortError, ConfigError, TeacherRequestError, type Teacher, type TeacherRequest, type TeacherResult } from "../relay";
import { buildChatBody, buildCompletionBody, type BodySettings } from "./buildRequestBody";
import { choosePrefill, isKnownHostedApi, wantsMaxCompletionTokens } from "./choosePrefill";
import { callTimeLimitMs, defaultMaxRetries, defaultMinTokensPerSecond, defaultTimeoutMs, placeholderApiKey, type OpenAiTeacherOptions } from "./openAiTeacherOptions";
import { StreamAccumulator, type TeacherChunk } from "./streamAccumulator";
import { toTeacherError, type TeacherErrorContext } from "./toTeacherError";
import { checkTeacherUrl } from "./normalizeTeacherUrl";
import { registerSecret } from "../relay/redactCredentials";

/** Failures that may pass on a second try: a refused or dropped connection, 408, 409, 429 and 5xx. */
function isRetryable(error: TeacherRequestError): boolean {
    return error.kind === "unreachable" || error.kind === "rate-limit" || error.kind === "server" || error.status === 408 || error.status === 409;
}

/** 0.5 s, then 1 s: short, because a user is waiting in the editor. */
function backoffMs(attempt: number): number {
    return 500 * 2 ** attempt;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AbortError("The teacher request was cancelled."));
        const onAbort = () => {
            clearTimeout(timer);
            reject(new AbortError("The teacher request was cancelled."));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

function validate(options: OpenAiTeacherOptions): void {
    checkTeacherUrl(options.baseURL);
    if (options.model.trim() === "") throw new ConfigError("The teacher model name is empty.");
    if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) {
        throw new ConfigError(`The teacher timeout must be a whole number of milliseconds above 0, not ${options.timeoutMs}.`);
    }
    if (options.minTokensPerSecond !== undefined && !(Number.isFinite(options.minTokensPerSecond) && options.minTokensPerSecond > 0)) {
        throw new ConfigError(`The teacher's slowest speed must be a number of tokens per second above 0, not ${options.minTokensPerSecond}.`);
    }
    if (options.maxRetries !== undefined && !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)) {
        throw new ConfigError(`The teacher's retry count must be a whole number of at least 0, not ${options.maxRetries}.`);
    }
}

/**
 * A `Teacher` behind an OpenAI-compatible HTTP API, over the official openai SDK. Every call streams; the
 * requests keep one prefix per solve so the server's prefix cache serves it.
 */
export class OpenAiTeacher implements Teacher {
    readonly name: string;
    private readonly client: OpenAI;
    private readonly api: "completions" | "chat";
    private readonly body: BodySettings;
    private readonly timeoutMs: number;
    private readonly maxRetries: number;
    private readonly minTokensPerSecond: number;
    private readonly errorContext: TeacherErrorContext;
    /** True when the server may send the partial answer back before continuing it. */
    private readonly echoesPrefill: boolean;

    /** Throws `ConfigError` for an invalid base URL, an empty model name or out-of-range numbers. */
    constructor(options: OpenAiTeacherOptions) {
        validate(options);
        // From here on the key is redacted from every error message and every text the server sends.
        registerSecret(options.apiKey);
        this.name = options.model;
        this.api = options.api ?? "completions";
        this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
        this.maxRetries = options.maxRetries ?? defaultMaxRetries;
        this.minTokensPerSecond = options.minTokensPerSecond ?? defaultMinTokensPerSecond;
        this.errorContext = { baseURL: options.baseURL, timeoutMs: this.timeoutMs };
        this.body = {
            model: options.model,
            prefill: choosePrefill(options.prefill ?? "auto", options.baseURL),
            cachePrompt: options.cachePrompt ?? !isKnownHostedApi(options.baseURL),
            maxTokensField: wantsMaxCompletionTokens(options.baseURL) ? "max_completion_tokens" : "max_tokens",
            extraBody: options.extraBody,
        };
        // vLLM's fields ask for the continuation only; with the other styles servers may echo the partial answer.
        this.echoesPrefill = this.api === "chat" && this.body.prefill !== "vllm";
        // Every credential field is explicit: the SDK would otherwise read OPENAI_* environment variables.
        this.client = new (openAiSdk().OpenAI)({
            baseURL: options.baseURL,
            apiKey: options.apiKey ?? placeholderApiKey,
            adminAPIKey: null,
            organization: null,
            project: null,
            webhookSecret: null,
            timeout: this.timeoutMs,
            maxRetries: 0,
            // Failures reach the caller as TeacherRequestError; the SDK's console logging would only duplicate them.
            logLevel: "off",
        });
    }

    /**
     * Streams one continuation. Retries (at most `maxRetries` times) only failures before the teacher's
     * first text, so no text is ever sent twice; a silence longer than the timeout is not retried.
     */
    async continue(request: TeacherRequest): Promise<TeacherResult> {
        for (let attempt = 0; ; attempt++) {
            const progress = { sentText: false };
            try {
                return await this.attempt(request, progress);
            } catch (error) {
                if (!(error instanceof TeacherRequestError) || progress.sentText || attempt >= this.maxRetries || !isRetryable(error)) throw error;
                await sleep(error.retryAfterMs ?? backoffMs(attempt), request.signal);
            }
        }
    }

    /**
     * One request, within the silence timeout and the request's total time limit (`callTimeLimitMs`). Past the
     * limit the answer so far is the result (`timeout`), or a timeout error when no text came (the silence
     * timeout is then the shorter, so this happens only with a shorter limit than usual).
     */
    private async attempt(request: TeacherRequest, progress: { sentText: boolean }): Promise<TeacherResult> {
        if (request.signal?.aborted) throw new AbortError("The teacher request was cancelled.");
        const controller = new AbortController();
        const cancel = () => controller.abort();
        request.signal?.addEventListener("abort", cancel, { once: true });
        const limitMs = callTimeLimitMs(request.maxTokens, this.timeoutMs, this.minTokensPerSecond);
        let overTime = false;
        const limit = setTimeout(() => {
            overTime = true;
            controller.abort();
        }, limitMs);
        // One timer bounds every silence: before the first byte of the answer, and between two chunks.
        let silent: NodeJS.Timeout | undefined;
        let timedOut = false;
        const restartSilenceTimer = () => {
            clearTimeout(silent);
            silent = setTimeout(() => {
                timedOut = true;
                controller.abort();
            }, this.timeoutMs);
        };
        const timeoutError = () =>
            overTime
                ? new TeacherRequestError(`The teacher at ${this.errorContext.baseURL} sent no text within ${Math.round(limitMs / 100) / 10} s (the call's time limit).`, "timeout")
                : toTeacherError(new (openAiSdk().APIConnectionTimeoutError)(), this.errorContext);
        try {
            restartSilenceTimer();
            const chunks = (await this.open(request, controller.signal, () => (timedOut || overTime ? timeoutError() : undefined)))[Symbol.asyncIterator]();
            const accumulator = new StreamAccumulator(this.echoesPrefill ? request.partial : "");
            // Only text restarts the timer: a server dripping empty chunks forever is as stalled as a silent one.
            restartSilenceTimer();
            for (;;) {
                const next = await this.read(chunks, controller.signal);
                if (next.done) break;
                const delta = accumulator.add(next.value);
                if (delta !== "") {
                    restartSilenceTimer();
                    progress.sentText = true;
                    request.onText?.(delta);
                }
            }
            // The SDK ends a stream quietly when its signal aborts, so a cancel or a timeout shows only here.
            if (request.signal?.aborted) throw new AbortError("The teacher request was cancelled.");
            if (overTime && !accumulator.finished && progress.sentText) {
                const rest = accumulator.end();
                if (rest !== "") request.onText?.(rest);
                return { ...accumulator.result(), finishReason: "timeout" };
            }
            // A server that said why it stopped and then hung before closing the stream still gave its answer.
            if ((timedOut || overTime) && !accumulator.finished) throw timeoutError();
            if (!accumulator.finished) {
                throw new TeacherRequestError(`The teacher at ${this.errorContext.baseURL} ended its answer without saying why it stopped.`, "bad-response");
            }
            const rest = accumulator.end();
            if (rest !== "") request.onText?.(rest);
            return accumulator.result();
        } finally {
            clearTimeout(silent);
            clearTimeout(limit);
            request.signal?.removeEventListener("abort", cancel);
            // Closes the connection when onText threw or the stream was otherwise left early.
            controller.abort();
        }
    }

    /** `timedOut` gives the error to throw when one of our timers aborted the request, else undefined. */
    private async open(request: TeacherRequest, signal: AbortSignal, timedOut: () => unknown): Promise<Stream<TeacherChunk>> {
        // Retries are ours (`continue`): the SDK's would also retry a stalled server after its timeout.
        const options = { signal, timeout: this.timeoutMs, maxRetries: 0 };
        let opened: { data: Stream<TeacherChunk>; response: Response };
        try {
            if (this.api === "chat") {
                const body = buildChatBody(request, this.body);
                request.onSend?.({ url: `${this.client.baseURL.replace(/\/+$/, "")}/chat/completions`, body: body as unknown as Record<string, unknown> });
                opened = await this.client.chat.completions.create(body, options).withResponse();
            } else {
                const body = buildCompletionBody(request, this.body);
                request.onSend?.({ url: `${this.client.baseURL.replace(/\/+$/, "")}/completions`, body: body as unknown as Record<string, unknown> });
                opened = await this.client.completions.create(body, options).withResponse();
            }
        } catch (error) {
            const timeout = timedOut();
            if (timeout !== undefined && !request.signal?.aborted) throw timeout;
            throw toTeacherError(error, this.errorContext);
        }
        const contentType = opened.response.headers.get("content-type") ?? "";
        // A proxy's login or error page with status 200 would otherwise read as an empty stream.
        if (/text\/html/i.test(contentType)) {
            throw new TeacherRequestError(
                `The teacher at ${this.errorContext.baseURL} answered with an HTML page, not an event stream; check that the URL is the API's base URL (usually ending in /v1).`,
                "bad-response",
                opened.response.status,
            );
        }
        return opened.data;
    }

    /** The next chunk; after a cancel or a timeout, the end (whatever the read threw), to be classified by the caller. */
    private async read(chunks: AsyncIterator<TeacherChunk>, signal: AbortSignal): Promise<IteratorResult<TeacherChunk>> {
        try {
            return await chunks.next();
        } catch (error) {
            if (signal.aborted) return { done: true, value: undefined };
            throw toTeacherError(error, { ...this.errorContext, phase: "stream" });
        }
    }
}
