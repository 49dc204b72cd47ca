import type { ChatMessage } from "./chatMessages";
import type { ConfidenceTriggerName } from "./confidenceTrigger";

/**
 * What the relay loop needs from the small local model. Implemented by src/student/ over
 * node-llama-cpp (in a worker process); the engine never sees node-llama-cpp itself.
 */

/** Why one student generation turn ended. */
export type StudentStopReason =
    /** One of `stopStrings` was produced; it is included in `text`. */
    | "stop-string"
    /** The model produced an end-of-generation token (not included in `text`). */
    | "eos"
    /** `maxTokens` tokens were generated. */
    | "max-tokens"
    /** `confidenceStop`'s trigger fired on the next token; that token was not kept. */
    | "low-confidence"
    /** `signal` was aborted. */
    | "aborted";

export interface StudentGenerateRequest {
    /** Most tokens to generate in this turn (> 0). */
    maxTokens: number;
    /** Generation stops right after any of these strings appears in the turn's text, even when split across tokens. */
    stopStrings?: readonly string[];
    /**
     * Confidence mode: stop before keeping a token on which `trigger` (default `top1`) fires at `threshold`
     * (see confidenceTrigger.ts), but only after at least `minTokens` tokens were kept in this turn. The
     * rejected token never enters the context.
     */
    confidenceStop?: { trigger?: ConfidenceTriggerName; threshold: number; minTokens: number };
    /**
     * Texts the student must not write (teacher-free mode: `<call>`): at each position, only a token that would
     * complete one of them is forbidden. Ignored under a grammar, which may force the text; the engine strips it.
     */
    suppress?: readonly string[];
    /** Cancels the turn; the tokens kept so far stay in the context. */
    signal?: AbortSignal;
    /** Receives the text as it is decoded (whole characters only). */
    onText?: (delta: string) => void;
}

export interface StudentTurn {
    /** Everything generated in this turn, stop string included. */
    text: string;
    /** Tokens kept in the context in this turn. */
    tokens: number;
    stopReason: StudentStopReason;
    /** Input tokens evaluated before the first new token of this turn (prompt, or appended text plus a pending token). */
    inputTokensEvaluated: number;
}

/** What a session's start found out about its prompt; it crosses the worker boundary as one piece. */
export interface SessionPromptFacts {
    /** The conversation after the model's own chat template, exactly as the student sees it. */
    readonly templatedPrompt: string;
    /** Oldest messages left out of `templatedPrompt` so that the conversation fits the student's context. */
    readonly droppedMessages: number;
    /** Prompt tokens already in the KV cache from an earlier session (not evaluated again). */
    readonly reusedPromptTokens: number;
    /** Prompt tokens in all (`templatedPrompt` with special tokens). */
    readonly promptTokens: number;
}

/** The prompt facts of a session (or anything that has them), and nothing else. */
export function promptFactsOf({ templatedPrompt, droppedMessages, reusedPromptTokens, promptTokens }: SessionPromptFacts): SessionPromptFacts {
    return { templatedPrompt, droppedMessages, reusedPromptTokens, promptTokens };
}

export interface StudentSession extends SessionPromptFacts {
    /** Generates one turn, continuing from everything already in the context. */
    generate(request: StudentGenerateRequest): Promise<StudentTurn>;
    /**
     * Appends text written by someone else (the teacher) to the context. It is evaluated lazily with the
     * next `generate`, so only these tokens are processed, never the prefix again.
     * @returns the number of student tokens the text became.
     */
    append(text: string): Promise<number>;
    /** Counts tokens with the student's tokenizer (no special tokens). */
    countTokens(text: string): Promise<number>;
    /** Frees the context sequence. */
    dispose(): Promise<void>;
    /**
     * Aborts (its reason: a `StudentCrashedError`) when the student can no longer answer because its process
     * died, even while no call to it is in flight; the engine then stops the solve at once. Optional.
     */
    readonly lost?: AbortSignal;
}

/** Sampling filters on top of the temperature; an unset field keeps the student runtime's default. */
export interface StudentSampling {
    /** Keep the k most likely tokens; 0 = the whole vocabulary. node-llama-cpp's default: 40. */
    topK?: number;
    /** Nucleus sampling; 1 = off. node-llama-cpp's default: 0.95. */
    topP?: number;
    /** Drop tokens below this fraction of the top token's probability; 0 = off (the default). */
    minP?: number;
}

/** How a model without a chat template sees the conversation. */
export type PlainPromptFormat =
    /** The text continues: a one-message conversation is the bare question (our default). */
    | "continuation"
    /** `User: …\nAssistant:` (the reference evaluation's fallback for models without a template). */
    | "user-assistant";

export interface StudentSessionOptions {
    /**
     * The conversation, ending with the user's message; the student applies its chat template. Oldest
     * messages (never system messages or the last one) are dropped when it does not fit the context.
     */
    messages: readonly ChatMessage[];
    /** Context room to keep free for the answer when deciding which old messages to drop. Default: a quarter of the context. */
    reserveTokens?: number;
    /** Sampling temperature; 0 is greedy. Default 0.7 (the reference). */
    temperature?: number;
    /** top-k / top-p / min-p; unset fields keep the runtime's defaults. */
    sampling?: StudentSampling;
    /** For models without a chat template. Default `continuation`. */
    plainPromptFormat?: PlainPromptFormat;
    /** Seed for sampling; default: random. */
    seed?: number;
    /** A GBNF grammar constraining the tokens the student generates (not appended teacher text). */
    grammar?: string;
    /**
     * Cancels starting the session (fitting and evaluating a long conversation): it then rejects with
     * `AbortError` within a second. A runtime that cannot stop that work midway may end its process for it.
     */
    signal?: AbortSignal;
}

export interface StudentInfo {
    /** Human-readable model name (GGUF `general.name` or the file name). */
    name: string;
    /** True when GGUF metadata or the name marks the model as trained to write `<call>n</call>`. */
    relayTrained: boolean;
}

export interface Student {
    readonly info: StudentInfo;
    startSession(options: StudentSessionOptions): Promise<StudentSession>;
}
