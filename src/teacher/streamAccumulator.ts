import type { TeacherResult, TeacherUsage } from "../relay";
import { EchoGuard } from "./echoGuard";
import { SecretStreamRedactor } from "./secretStreamRedactor";

/** The fields this adapter reads from one streamed chunk of /v1/completions or /v1/chat/completions. */
export interface TeacherChunk {
    choices?: ReadonlyArray<{
        /** /v1/completions */
        text?: string | null;
        /** /v1/chat/completions */
        delta?: { content?: string | null } | null;
        finish_reason?: string | null;
    }> | null;
    usage?: {
        prompt_tokens?: number;
        completion_tokens?: number;
        prompt_tokens_details?: { cached_tokens?: number | null } | null;
    } | null;
    /** llama-server's statistics, sent with its final chunk; `cache_n` = prompt tokens reused from the cache. */
    timings?: { cache_n?: number } | null;
}

/** Collects streamed chunks into a `TeacherResult`. */
export class StreamAccumulator {
    private text = "";
    private finishReason: string | undefined;
    private usage: TeacherChunk["usage"];
    private cacheN: number | undefined;
    private readonly echoGuard: EchoGuard;
    /** A server may echo the key it was sent into its text: that text reaches the answer, the screen and logs. */
    private readonly redactor = new SecretStreamRedactor();

    /** `echo`: a prefilled partial answer the server may send back first, to drop (see `EchoGuard`). Default none. */
    constructor(echo = "") {
        this.echoGuard = new EchoGuard(echo);
    }

    /** Takes one chunk; returns the answer text it adds (may be empty). */
    add(chunk: TeacherChunk): string {
        let delta = "";
        for (const choice of chunk.choices ?? []) {
            delta += choice.text ?? choice.delta?.content ?? "";
            if (choice.finish_reason) this.finishReason = choice.finish_reason;
        }
        if (chunk.usage) this.usage = chunk.usage;
        if (typeof chunk.timings?.cache_n === "number") this.cacheN = chunk.timings.cache_n;
        return this.keep(this.redactor.push(this.echoGuard.push(delta)));
    }

    /** Call once the stream has ended; returns text held back as a possible echo (usually empty). */
    end(): string {
        return this.keep(this.redactor.push(this.echoGuard.flush()) + this.redactor.flush());
    }

    private keep(delta: string): string {
        this.text += delta;
        return delta;
    }

    /** True once a chunk said why the answer ended. */
    get finished(): boolean {
        return this.finishReason !== undefined;
    }

    /** `length` stays `length`; every other normal end (`stop`, `eos`, `content_filter`, ...) is `stop`. */
    result(): TeacherResult {
        const finishReason = this.finishReason === "length" ? "length" : "stop";
        return this.usage ? { text: this.text, finishReason, usage: this.usageResult(this.usage) } : { text: this.text, finishReason };
    }

    private usageResult(usage: NonNullable<TeacherChunk["usage"]>): TeacherUsage {
        const cached = usage.prompt_tokens_details?.cached_tokens ?? this.cacheN;
        return {
            promptTokens: usage.prompt_tokens ?? 0,
            completionTokens: usage.completion_tokens ?? 0,
            ...(typeof cached === "number" ? { cachedPromptTokens: cached } : {}),
        };
    }
}
