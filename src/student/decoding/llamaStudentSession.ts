import type { LlamaContextSequence, LlamaGrammarEvaluationState, LlamaModel, SequenceEvaluateOptions, Token, TokenBias } from "node-llama-cpp";
import { checkTrigger, isStepStart, needsDistribution, randomTriggerSeed, seededUniform, triggerFires } from "../../relay/confidenceTrigger";
import { ConfigError, StateError } from "../../relay/errors";
import type { StudentGenerateRequest, StudentSampling, StudentSession, StudentStopReason, StudentTurn } from "../../relay/student";
import { tokenizeContinuation } from "./continuationTokenizer";
import type { NodeLlamaCpp } from "../model/nodeLlamaCpp";
import { StopStringMatcher } from "./stopStringMatcher";
import { commandBlockerFor } from "./commandBlocker";
import type { DecodeStepGate } from "./decodeStepGate";
import { TokenTextDecoder } from "./tokenTextDecoder";

/** What a session is built from; the student owns the model and the context's life cycle. */
export interface LlamaStudentSessionParts {
    nlc: NodeLlamaCpp;
    model: LlamaModel;
    sequence: LlamaContextSequence;
    /** The templated prompt's tokens; evaluated lazily by the first `generate`. */
    promptTokens: Token[];
    /** Leading prompt tokens the sequence already holds from an earlier session (not evaluated again). */
    reusedPromptTokens: number;
    /** Oldest messages left out of the prompt to fit the context. */
    droppedMessages: number;
    templatedPrompt: string;
    temperature: number;
    sampling?: StudentSampling;
    seed?: number;
    grammarState?: LlamaGrammarEvaluationState;
    /** Lines this session's tokens up with the other sessions of a shared context; absent for a context of its own. */
    gate?: DecodeStepGate;
    /** Called once the session is disposed; the sequence (and its KV cache) goes back to the student. */
    onDispose: () => Promise<void>;
}

/** Characters of context text the command blocker needs (longer than any suppressed text). */
const recentTextLength = 32;

/** Preceding tokens the tokenizer looks at to decide on a leading space (node-llama-cpp uses 3). */
const tokenizerContext = 8;

type SampledToken = { token: Token; confidence?: number; probabilities?: Map<Token, number> };
type EvaluationStep = IteratorResult<SampledToken, void>;
type Evaluation = AsyncGenerator<SampledToken, void, Token[] | void>;

/**
 * One conversation on one context sequence. Tokens reach the context one turn late: node-llama-cpp's
 * `evaluate` yields a sampled token before evaluating it, so the last token a turn keeps is "pending"
 * and is evaluated first in the next turn, followed by any appended text. A token rejected for low
 * confidence is simply never fed, which is the whole rollback.
 */
export class LlamaStudentSession implements StudentSession {
    readonly templatedPrompt: string;
    readonly droppedMessages: number;
    readonly reusedPromptTokens: number;
    readonly promptTokens: number;
    /** Every token of the conversation, pending ones included (the context as it will be). */
    private readonly conversation: Token[];
    /** Tokens to evaluate before the next sampled token: the pending token, then appended text. */
    private pendingInput: Token[];
    private turns = 0;
    /** The call running now (calls on one session run in turn). */
    private queue: Promise<void> = Promise.resolve();
    private disposed = false;
    private grammarState: LlamaGrammarEvaluationState | undefined;
    /** The end of the context's text, for the command blocker and the step trigger. */
    private recentText: string;
    /** The random trigger's draws: one stream over the session, seeded by the session's seed. */
    private readonly draw: () => number;
    /**
     * The sampler's seed for this session's first turn: the given seed, else a random one. Left unset,
     * node-llama-cpp seeds with the current second, so two solves within one second (Regenerate right after
     * an answer) wrote the same text at any temperature.
     */
    private readonly seed: number;

    constructor(private readonly parts: LlamaStudentSessionParts) {
        this.templatedPrompt = parts.templatedPrompt;
        this.droppedMessages = parts.droppedMessages;
        this.reusedPromptTokens = parts.reusedPromptTokens;
        this.promptTokens = parts.promptTokens.length;
        this.conversation = [...parts.promptTokens];
        this.pendingInput = parts.promptTokens.slice(parts.reusedPromptTokens);
        this.grammarState = parts.grammarState;
        this.recentText = parts.model.detokenize(parts.promptTokens.slice(-recentTextLength), true).slice(-recentTextLength);
        this.seed = parts.seed ?? Math.floor(Math.random() * 2 ** 32);
        this.draw = seededUniform(randomTriggerSeed(this.seed, parts.promptTokens));
    }

    async generate(request: StudentGenerateRequest): Promise<StudentTurn> {
        if (!Number.isInteger(request.maxTokens) || request.maxTokens <= 0) throw new ConfigError(`maxTokens must be a positive integer, got ${request.maxTokens}`);
        return this.exclusive(() => this.runTurn(request));
    }

    async append(text: string): Promise<number> {
        return this.exclusive(async () => {
            const tokens = tokenizeContinuation(this.parts.model, text, this.conversation.slice(-tokenizerContext));
            this.pendingInput.push(...tokens);
            this.conversation.push(...tokens);
            this.noteText(text);
            return tokens.length;
        });
    }

    async countTokens(text: string): Promise<number> {
        this.ensureOpen();
        return tokenizeContinuation(this.parts.model, text, this.conversation.slice(-tokenizerContext)).length;
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        await this.parts.onDispose();
    }

    private async runTurn(request: StudentGenerateRequest): Promise<StudentTurn> {
        const { sequence, model } = this.parts;
        const contextLimit = sequence.contextSize - 1; // node-llama-cpp keeps one cell free
        if (request.signal?.aborted) return { text: "", tokens: 0, stopReason: "aborted", inputTokensEvaluated: 0 };
        if (this.pendingInput.length === 0) await this.rewindLastToken();
        const input = this.pendingInput;
        if (sequence.nextTokenIndex + input.length > contextLimit) return { text: "", tokens: 0, stopReason: "max-tokens", inputTokensEvaluated: 0 };
        this.pendingInput = [];

        const confidenceStop = request.confidenceStop;
        const trigger = confidenceStop ? checkTrigger("confidenceStop", confidenceStop.trigger ?? "top1", confidenceStop.threshold) : undefined;
        // The whole distribution is read out only for the triggers that need it: node-llama-cpp then copies every
        // candidate token across to JavaScript at each step, where top-1 alone is one number.
        const metadata = trigger === undefined ? {} : needsDistribution(trigger) ? { confidence: true, probabilities: true } : { confidence: true };
        const evaluation = sequence.evaluateWithMetadata(input, metadata, this.evaluateOptions(request)) as Evaluation;
        // Special tokens are written out, so whatever the model generates (Qwen3's `<think>` included) reaches the text.
        const decoder = new TokenTextDecoder((tokens, lastTokens) => model.detokenize(tokens, true, lastTokens), this.conversation);
        const matcher = new StopStringMatcher(request.stopStrings);
        const emit = (text: string): void => {
            if (text !== "") request.onText?.(text);
        };
        let kept = 0;
        let stopReason: StudentStopReason;
        let grammarBefore = confidenceStop ? this.grammarState?.clone() : undefined;
        const gate = this.parts.gate;
        // A session with a context of its own asks node-llama-cpp directly: nothing to line up with.
        const nextToken = gate
            ? async (): Promise<EvaluationStep> => {
                  const step = gate.ready();
                  if (step) await step;
                  return evaluation.next();
              }
            : () => evaluation.next();
        gate?.enter();
        try {
            let step: EvaluationStep = await nextToken();
            while (true) {
                if (step.done) {
                    stopReason = "eos";
                    break;
                }
                const { token, confidence, probabilities } = step.value;
                if (
                    confidenceStop &&
                    trigger !== undefined &&
                    kept >= confidenceStop.minTokens &&
                    triggerFires(trigger, confidenceStop.threshold, { confidence, probabilities: probabilities?.values(), stepStart: isStepStart(this.recentText, this.conversation.length === this.promptTokens) }, this.draw)
                ) {
                    // The grammar already accepted the rejected token when it was sampled; undo that too.
                    if (grammarBefore) this.grammarState = grammarBefore;
                    stopReason = "low-confidence";
                    break;
                }
                kept++;
                this.conversation.push(token);
                const piece = decoder.push(token);
                this.noteText(piece.text);
                const match = matcher.push(piece.text);
                emit(match.accepted);
                if (match.stop !== undefined) {
                    kept += this.cutPendingAtStop(token, piece.text, piece.tokens, match.overshoot);
                    if (match.overshoot > 0) this.recentText = this.recentText.slice(0, -match.overshoot);
                    stopReason = "stop-string";
                    break;
                }
                const limit = kept >= request.maxTokens || sequence.nextTokenIndex + 1 > contextLimit ? "max-tokens" : request.signal?.aborted ? "aborted" : undefined;
                if (limit) {
                    this.pendingInput = [token];
                    stopReason = limit;
                    break;
                }
                if (confidenceStop && this.grammarState) grammarBefore = this.grammarState.clone();
                step = await nextToken();
            }
        } finally {
            gate?.leave();
            await evaluation.return();
        }
        if (stopReason !== "stop-string") emit(matcher.push(decoder.flush().text).accepted);
        this.turns++;
        return { text: matcher.text, tokens: kept, stopReason, inputTokensEvaluated: input.length };
    }

    /**
     * Keeps the token that completed a stop string as the pending input. When its text runs past the
     * stop string, the pending token is replaced by the tokens of just the part up to the stop string
     * (it is not evaluated yet, so the context then reads exactly as the turn's text). Returns the change
     * in kept tokens.
     */
    private cutPendingAtStop(token: Token, pieceText: string, pieceTokens: number, overshoot: number): number {
        this.pendingInput = [token];
        if (overshoot === 0 || pieceTokens !== 1) return 0;
        this.conversation.pop();
        const keptText = pieceText.slice(0, pieceText.length - overshoot);
        const replacement = tokenizeContinuation(this.parts.model, keptText, this.conversation.slice(-tokenizerContext));
        this.conversation.push(...replacement);
        this.pendingInput = replacement;
        return replacement.length - 1;
    }

    /**
     * With nothing pending (the last turn ended on EOS or low confidence and nothing was appended) there
     * are no logits to sample from: take the last token back out of the context and feed it again.
     */
    private async rewindLastToken(): Promise<void> {
        const { sequence } = this.parts;
        const last = this.conversation[this.conversation.length - 1];
        if (last === undefined || sequence.nextTokenIndex === 0) throw new StateError("the session has no context to continue from");
        await sequence.eraseContextTokenRanges([{ start: sequence.nextTokenIndex - 1, end: sequence.nextTokenIndex }]);
        this.pendingInput = [last];
    }

    private evaluateOptions(request: StudentGenerateRequest): SequenceEvaluateOptions {
        const { temperature, sampling } = this.parts;
        // A grammar decides what may be written, and it may leave no way on but the suppressed text (llama.cpp
        // then fails to sample and the worker dies): under a grammar, suppressed text is written and the engine
        // strips it (a teacher-free command is denied) instead.
        const tokenBias = this.grammarState ? undefined : this.suppressBias(request.suppress ?? []);
        return {
            temperature, // 0 is greedy
            // Unset fields keep node-llama-cpp's defaults (top-k 40, top-p 0.95, min-p 0); the reference protocol turns them off.
            ...(sampling?.topK !== undefined ? { topK: sampling.topK } : {}),
            ...(sampling?.topP !== undefined ? { topP: sampling.topP } : {}),
            ...(sampling?.minP !== undefined ? { minP: sampling.minP } : {}),
            // A fresh sampler per turn: vary the seed so turns do not replay one random stream (llama.cpp seeds are uint32).
            seed: (this.seed + this.turns) >>> 0,
            tokenBias,
            grammarEvaluationState: this.grammarState ? () => this.grammarState : undefined,
            contextShift: { strategy: refuseContextShift }
        };
    }

    /** A per-token bias that forbids only the tokens completing a suppressed text right where they would complete it. */
    private suppressBias(texts: readonly string[]): (() => TokenBias) | undefined {
        if (texts.length === 0) return undefined;
        const blocker = commandBlockerFor(this.parts.nlc.TokenBias, this.parts.model, texts);
        if (blocker === undefined) return undefined;
        const none = new this.parts.nlc.TokenBias(this.parts.model.tokenizer);
        return () => blocker.biasAfter(this.recentText) ?? none;
    }

    /** Keeps the last characters of the context's text, which is all a command blocker looks at. */
    private noteText(text: string): void {
        this.recentText = (this.recentText + text).slice(-recentTextLength);
    }

    /** One call at a time on the sequence: a call made while another runs waits its turn (as node-llama-cpp queues behind a lock). */
    private async exclusive<T>(action: () => Promise<T>): Promise<T> {
        this.ensureOpen();
        const previous = this.queue;
        let release!: () => void;
        this.queue = new Promise<void>((resolve) => (release = resolve));
        await previous;
        try {
            this.ensureOpen();
            return await action();
        } finally {
            release();
        }
    }

    private ensureOpen(): void {
        if (this.disposed) throw new StateError("the student session is disposed");
    }
}

/**
 * node-llama-cpp's default context shift erases the oldest tokens (the prompt) to make room. Turns stop
 * with "max-tokens" before the context fills, so reaching this is a bug; fail loudly instead of silently
 * dropping the prompt.
 */
function refuseContextShift(): never {
    throw new Error("student context is full (context shift is disabled)");
}
