import type { ChatMessage } from "./chatMessages";

/**
 * What the relay loop needs from the large model. Implemented by src/teacher/ over the openai SDK.
 */

export interface TeacherRequest {
    /** The conversation as the student got it (oldest messages dropped as for the student), for chat-style APIs that apply their own template. */
    messages: readonly ChatMessage[];
    /** The student's chat-templated prompt, for raw-completion APIs (same prefix on every call). */
    templatedPrompt: string;
    /** The answer so far, every command removed; the teacher continues it. */
    partial: string;
    /** Most tokens to write (teacher's tokenizer). */
    maxTokens: number;
    /** Sampling temperature; default 0.7 (the reference). */
    temperature?: number;
    /** Sampling filters sent with the request; an unset field is left to the server's default. */
    sampling?: TeacherSampling;
    /** Sampling seed, for reproducible runs where the server honours it. */
    seed?: number;
    signal?: AbortSignal;
    /** Receives text as it streams in. */
    onText?: (delta: string) => void;
    /**
     * Receives each request exactly as it goes out (once per attempt): the URL and the JSON body. Headers are
     * not given, so the API key never is. For showing the user what left the machine.
     */
    onSend?: (sent: SentRequest) => void;
}

/** A teacher request as sent over the wire. */
export interface SentRequest {
    url: string;
    body: Readonly<Record<string, unknown>>;
}

/** Teacher sampling filters as request fields (`top_p`, `top_k`, `min_p`). */
export interface TeacherSampling {
    /** 1 = off. */
    topP?: number;
    /** -1 = off (vLLM and llama-server both read k <= 0 as the whole vocabulary). */
    topK?: number;
    /** 0 = off. */
    minP?: number;
}

export interface TeacherUsage {
    promptTokens: number;
    completionTokens: number;
    /** Prompt tokens served from the server's prefix cache, when it says. */
    cachedPromptTokens?: number;
}

export interface TeacherResult {
    text: string;
    /**
     * `stop`: the teacher ended the answer (end of sequence); `length`: it hit `maxTokens`; `timeout`: the call
     * ran out of its total time limit after sending text (`text` is what it sent by then).
     */
    finishReason: "stop" | "length" | "timeout";
    /** Absent when the server reports none. */
    usage?: TeacherUsage;
}

export interface Teacher {
    /** Name for events and logs (model name). */
    readonly name: string;
    /** Continues `partial`. Throws `TeacherRequestError` (or `AbortError` on cancel). */
    continue(request: TeacherRequest): Promise<TeacherResult>;
}
