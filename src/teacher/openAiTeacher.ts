import OpenAI, { APIConnectionTimeoutError } from "openai";
import type { Stream } from "openai/streaming";
import { AbortError, ConfigError, TeacherRequestError, type Teacher, type TeacherRequest, type TeacherResult } from "../relay";
import { buildChatBody, buildCompletionBody, type BodySettings } from "./buildRequestBody";
import { choosePrefill, isKnownHostedApi, wantsMaxCompletionTokens } from "./choosePrefill";
import { defaultMaxRetries, defaultTimeoutMs, placeholderApiKey, type OpenAiTeacherOptions } from "./openAiTeacherOptions";
import { StreamAccumulator, type TeacherChunk } from "./streamAccumulator";
import { toTeacherError, type TeacherErrorContext } from "./toTeacherError";

function validate(options: OpenAiTeacherOptions): void {
    if (!URL.canParse(options.baseURL)) throw new ConfigError(`The teacher base URL "${options.baseURL}" is not a valid URL.`);
    if (options.model.trim() === "") throw new ConfigError("The teacher model name is empty.");
    if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) {
        throw new ConfigError(`The teacher timeout must be a whole number of milliseconds above 0, not ${options.timeoutMs}.`);
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
    private readonly errorContext: TeacherErrorContext;
    /** True when the server may send the partial answer back before continuing it. */
    private readonly echoesPrefill: boolean;

    /** Throws `ConfigError` for an invalid base URL, an empty model name or out-of-range numbers. */
    constructor(options: OpenAiTeacherOptions) {
        validate(options);
        this.name = options.model;
        this.api = options.api ?? "completions";
        this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
        this.maxRetries = options.maxRetries ?? defaultMaxRetries;
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
        this.client = new OpenAI({
            baseURL: options.baseURL,
            apiKey: options.apiKey ?? placeholderApiKey,
            adminAPIKey: null,
            organization: null,
            project: null,
            webhookSecret: null,
            timeout: this.timeoutMs,
            maxRetries: this.maxRetries,
            // Failures reach the caller as TeacherRequestError; the SDK's console logging would only duplicate them.
            logLevel: "off",
        });
    }

    async continue(request: TeacherRequest): Promise<TeacherResult> {
        if (request.signal?.aborted) throw new AbortError("The teacher request was cancelled.");
        const controller = new AbortController();
        const cancel = () => controller.abort();
        request.signal?.addEventListener("abort", cancel, { once: true });
        // The SDK's timeout ends when the response starts; this one bounds the silence between chunks.
        let silent: NodeJS.Timeout | undefined;
        let timedOut = false;
        const restartSilenceTimer = () => {
            clearTimeout(silent);
            silent = setTimeout(() => {
                timedOut = true;
                controller.abort();
            }, this.timeoutMs);
        };
        try {
            const chunks = (await this.open(request, controller.signal))[Symbol.asyncIterator]();
            const accumulator = new StreamAccumulator(this.echoesPrefill ? request.partial : "");
            for (;;) {
                restartSilenceTimer();
                const next = await this.read(chunks, controller.signal);
                if (next.done) break;
                const delta = accumulator.add(next.value);
                if (delta !== "") request.onText?.(delta);
            }
            // The SDK ends a stream quietly when its signal aborts, so a cancel or a timeout shows only here.
            if (request.signal?.aborted) throw new AbortError("The teacher request was cancelled.");
            if (timedOut) throw toTeacherError(new APIConnectionTimeoutError(), this.errorContext);
            if (!accumulator.finished) {
                throw new TeacherRequestError(`The teacher at ${this.errorContext.baseURL} ended its answer without saying why it stopped.`, "bad-response");
            }
            const rest = accumulator.end();
            if (rest !== "") request.onText?.(rest);
            return accumulator.result();
        } finally {
            clearTimeout(silent);
            request.signal?.removeEventListener("abort", cancel);
            // Closes the connection when onText threw or the stream was otherwise left early.
            controller.abort();
        }
    }

    private async open(request: TeacherRequest, signal: AbortSignal): Promise<Stream<TeacherChunk>> {
        const options = { signal, timeout: this.timeoutMs, maxRetries: this.maxRetries };
        try {
            return this.api === "chat"
                ? await this.client.chat.completions.create(buildChatBody(request, this.body), options)
                : await this.client.completions.create(buildCompletionBody(request, this.body), options);
        } catch (error) {
            throw toTeacherError(error, this.errorContext);
        }
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
