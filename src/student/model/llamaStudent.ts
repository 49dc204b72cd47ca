import type { Llama, LlamaContext, LlamaGpuType, LlamaGrammar, LlamaGrammarEvaluationState, LlamaModel } from "node-llama-cpp";
import { AbortError, ConfigError, ModelLoadError, StateError } from "../../relay/errors";
import { RELAY_DEFAULTS } from "../../relay/presets";
import { droppableCounts, withoutOldest, type ChatMessage } from "../../relay/chatMessages";
import type { PlainPromptFormat, Student, StudentInfo, StudentSessionOptions } from "../../relay/student";
import { LlamaStudentSession } from "../decoding/llamaStudentSession";
import { errorMessage } from "../../util/errorMessage";
import { GrammarError } from "./grammarError";
import { llamaDebugEnabled, llamaErrorsSince, llamaLogMark, logLlamaLine } from "./llamaLog";
import { checkModelFile, readModelFileInfo } from "./modelFileCheck";
import { describeModel } from "./modelIdentity";
import { importNodeLlamaCpp, type NodeLlamaCpp } from "./nodeLlamaCpp";
import { templateConversation, type TemplatedPrompt } from "../decoding/promptTemplate";
import { reusePrefix } from "../decoding/reusePrefix";
import { resolveStudentModelFile } from "./resolveStudentModelFile";
import { SequencePool } from "./sequencePool";
import { defaultMaxContextSize, defaultStudentThreads, type StudentGpu, type StudentModelOptions, validateStudentModelOptions } from "./studentModelOptions";

/** The sampling temperature when a session does not set one (the engine's default). */
export const defaultStudentTemperature = RELAY_DEFAULTS.temperature;

/**
 * A student running in this process over node-llama-cpp. Each session gets a sequence of one shared context
 * (`sequences` of them, see {@link SequencePool}): sessions generating at the same time are decoded in one
 * batch. A sequence keeps its KV cache when its session ends, so the next session neither reallocates it nor
 * evaluates the prefix it shares with the previous conversation (the turns before a follow-up question).
 */
export class LlamaStudent implements Student {
    private readonly pool: SequencePool;
    private readonly sessions = new Set<LlamaStudentSession>();
    /** Compiled grammars by GBNF text: a benchmark starts many sessions with the same one. */
    private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
    private disposed = false;
    /** Tokens per session context (llama.cpp may round the requested size up). */
    readonly contextSize: number;

    /** @internal use {@link loadLlamaStudent} */
    constructor(
        private readonly nlc: NodeLlamaCpp,
        private readonly llama: Llama,
        /** The node-llama-cpp model, for tokenizer access and raw benchmarks; the student disposes it. */
        readonly model: LlamaModel,
        /** The shared context: `sequences` sequences, decoded in one batch. */
        context: LlamaContext,
        readonly info: StudentInfo,
        /** The GGUF file in use (downloaded first for a URI). */
        readonly modelPath: string,
        /** Evaluation threads per context. */
        readonly threads: number
    ) {
        this.pool = new SequencePool(context, () => this.createContext());
        this.contextSize = context.contextSize;
    }

    /** Sequences decoded together in one batch (`StudentModelOptions.sequences`). */
    get sequences(): number {
        return this.pool.size;
    }

    /** The backend in use: "cuda", "vulkan", "metal", or false for the CPU. */
    get gpu(): LlamaGpuType {
        return this.llama.gpu;
    }

    async startSession(options: StudentSessionOptions): Promise<LlamaStudentSession> {
        if (this.disposed) throw new StateError("the student is disposed");
        const temperature = options.temperature ?? defaultStudentTemperature;
        if (!(Number.isFinite(temperature) && temperature >= 0)) throw new ConfigError(`temperature must be a number >= 0, got ${options.temperature}`);
        const { prompt, droppedMessages } = this.fitConversation(options.messages, options.reserveTokens, options.plainPromptFormat);
        const grammarState = options.grammar === undefined ? undefined : await this.grammarState(options.grammar);
        const { sequence, gate, release } = await this.pool.acquire(prompt.tokens);
        let reusedPromptTokens: number;
        try {
            reusedPromptTokens = await reusePrefix(sequence, prompt.tokens);
        } catch (error) {
            await release();
            throw error;
        }
        const session: LlamaStudentSession = new LlamaStudentSession({
            nlc: this.nlc,
            model: this.model,
            sequence,
            promptTokens: prompt.tokens,
            reusedPromptTokens,
            droppedMessages,
            templatedPrompt: prompt.text,
            temperature,
            sampling: options.sampling,
            seed: options.seed,
            grammarState,
            gate,
            onDispose: async () => {
                this.sessions.delete(session);
                await release();
            }
        });
        this.sessions.add(session);
        return session;
    }

    /**
     * Templates the conversation, leaving out the oldest exchanges until it fits with room for the answer
     * (`reserveTokens`, at most a quarter of the context). The last question is never cut: when it does not
     * fit even alone, that is an error. Linear in the conversation: each message is tokenized once to estimate
     * what dropping it saves, and the template is applied again only to check the estimate (templating once
     * per dropped exchange made a long history quadratic: 10,000 messages took minutes).
     */
    private fitConversation(messages: readonly ChatMessage[], reserveTokens = Number.POSITIVE_INFINITY, plainFormat?: PlainPromptFormat): { prompt: TemplatedPrompt; droppedMessages: number } {
        const room = this.contextSize - 1;
        const budget = room - Math.min(reserveTokens, Math.floor(this.contextSize / 4));
        const template = (dropped: number) => ({ prompt: templateConversation(this.nlc, this.model, withoutOldest(messages, dropped), plainFormat), droppedMessages: dropped });
        let fitted = template(0);
        const counts = droppableCounts(messages);
        if (fitted.prompt.tokens.length > budget && counts.length > 0) {
            const saved = this.savingsByDropCount(messages, fitted.prompt.tokens.length);
            let at = 0;
            while (fitted.prompt.tokens.length > budget && at < counts.length) {
                // The fewest messages whose estimated tokens cover the excess, counted from what was dropped so far.
                const excess = fitted.prompt.tokens.length - budget;
                const base = saved[fitted.droppedMessages]!;
                while (at < counts.length - 1 && saved[counts[at]!]! - base < excess) at++;
                fitted = template(counts[at]!);
                at++;
            }
        }
        const tokens = fitted.prompt.tokens.length;
        if (tokens === 0) throw new ConfigError("the user prompt is empty and the model adds no tokens of its own");
        if (tokens >= room) {
            const what = messages.length - fitted.droppedMessages > 1 ? "the question (with the system message)" : "the prompt";
            throw new ConfigError(`${what} has ${tokens} tokens but the student context holds ${this.contextSize}`);
        }
        return fitted;
    }

    /**
     * Estimated tokens saved by dropping the k oldest non-system messages, for every k (index k): each message's
     * own tokens plus an even share of what the template adds around the messages.
     */
    private savingsByDropCount(messages: readonly ChatMessage[], templatedTokens: number): number[] {
        const rest = messages.filter((message) => message.role !== "system");
        const own = messages.map((message) => this.model.tokenize(message.content, false).length);
        const ownTotal = own.reduce((sum, count) => sum + count, 0);
        const framing = Math.max(0, (templatedTokens - ownTotal) / messages.length);
        const ownRest = messages.flatMap((message, index) => (message.role === "system" ? [] : [own[index]!]));
        const saved = [0];
        for (let k = 0; k < rest.length; k++) saved.push(saved[k]! + ownRest[k]! + framing);
        return saved;
    }

    /** Frees every session, the contexts and the model. */
    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        await Promise.all([...this.sessions].map((session) => session.dispose()));
        await this.pool.dispose();
        await this.model.dispose();
    }

    private async grammarState(grammar: string): Promise<LlamaGrammarEvaluationState> {
        let compiled = this.grammars.get(grammar);
        if (compiled === undefined) {
            const mark = llamaLogMark();
            compiled = this.llama.createGrammar({ grammar }).catch(async () => {
                this.grammars.delete(grammar);
                // llama.cpp's parser prints its reason on stderr (the worker's client reads it there); other checks log it.
                throw GrammarError.of({ reason: (await llamaErrorsSince(mark)).at(-1) });
            });
            this.grammars.set(grammar, compiled);
        }
        return new this.nlc.LlamaGrammarEvaluationState({ model: this.model, grammar: await compiled });
    }

    /** A one-sequence context for a session beyond the shared context's sequences. */
    private async createContext(): Promise<LlamaContext> {
        try {
            return await this.model.createContext({ contextSize: this.contextSize, threads: this.threads, sequences: 1 });
        } catch (error) {
            throw new ModelLoadError(`Another ${this.contextSize}-token context for student model ${this.modelPath} could not be created: ${errorMessage(error)}`, { cause: error });
        }
    }
}

/**
 * Loads a GGUF model in this process. Throws ModelLoadError (a missing file, an unreachable URI, a file
 * that is not a loadable GGUF, a context that does not fit in memory), ConfigError for bad options, and
 * AbortError when `signal` fires.
 */
export async function loadLlamaStudent(options: StudentModelOptions): Promise<LlamaStudent> {
    validateStudentModelOptions(options);
    const modelPath = await resolveStudentModelFile(options);
    // Before node-llama-cpp reads the header in JavaScript (here and in loadModel), which a hostile one makes spin.
    await checkModelFile(modelPath);
    const nlc = await importNodeLlamaCpp();
    const llama = await getLlamaFor(nlc, options.gpu ?? "auto");
    const fileInfo = await readModelFileInfo(nlc, llama, modelPath);
    const trainContextSize = fileInfo.architectureMetadata.context_length ?? defaultMaxContextSize;
    const contextSize = options.contextSize ?? Math.min(trainContextSize, defaultMaxContextSize);
    const threads = options.threads ?? defaultStudentThreads();
    const sequences = options.sequences ?? 1;
    throwIfAborted(options.signal);

    let model: LlamaModel;
    const mark = llamaLogMark();
    try {
        // Each sequence has its own contextSize cells of KV cache.
        const gpuLayers = options.gpuLayers === undefined || options.gpuLayers === "auto" ? { fitContext: { contextSize: contextSize * sequences } } : options.gpuLayers;
        model = await llama.loadModel({ modelPath, gpuLayers, loadSignal: options.signal });
    } catch (error) {
        throwIfAborted(options.signal);
        // node-llama-cpp only says "Failed to load model"; llama.cpp's first logged error says why.
        const cause = (await llamaErrorsSince(mark))[0] ?? errorMessage(error);
        throw new ModelLoadError(`Student model ${modelPath} could not be loaded: ${cause}`, { cause: error });
    }
    try {
        throwIfAborted(options.signal);
        const context = await model.createContext({ contextSize, threads, sequences });
        const info = describeModel(model.fileInfo.metadata as unknown as Record<string, unknown>, modelPath, options.relayTrained);
        return new LlamaStudent(nlc, llama, model, context, info, modelPath, threads);
    } catch (error) {
        await model.dispose();
        if (error instanceof AbortError) throw error;
        const what = sequences === 1 ? `A ${contextSize}-token context` : `A context of ${sequences} sequences of ${contextSize} tokens`;
        throw new ModelLoadError(`${what} for student model ${modelPath} could not be created: ${errorMessage(error)}`, { cause: error });
    }
}

const llamaByGpu = new Map<string, Promise<Llama>>();

/**
 * One node-llama-cpp instance per backend for the whole process. `maxThreads: 0` makes each context use
 * exactly the threads it asks for. A named GPU that fails to load falls back to the CPU.
 */
function getLlamaFor(nlc: NodeLlamaCpp, gpu: StudentGpu): Promise<Llama> {
    const key = String(gpu);
    let llama = llamaByGpu.get(key);
    if (llama === undefined) {
        // Logs go through our logger (llamaLog.ts); warnings are kept for RELAYLLM_DEBUG and the worker's log.
        const logLevel = llamaDebugEnabled() ? nlc.LlamaLogLevel.info : nlc.LlamaLogLevel.warn;
        const open = (type: StudentGpu) => nlc.getLlama({ gpu: type, build: "never", maxThreads: 0, logLevel, logger: logLlamaLine, progressLogs: false });
        llama = open(gpu)
            .catch((error: unknown) => (gpu === false ? Promise.reject(error) : open(false)))
            .catch((error: unknown) => {
                llamaByGpu.delete(key);
                throw new ModelLoadError(`No usable llama.cpp binary was found for this platform: ${errorMessage(error)}`, { cause: error });
            });
        llamaByGpu.set(key, llama);
    }
    return llama;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new AbortError("loading the student model was cancelled");
}
