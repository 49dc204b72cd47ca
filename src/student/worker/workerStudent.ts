import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AbortError } from "../../relay/errors";
import { promptFactsOf, type SessionPromptFacts, type Student, type StudentGenerateRequest, type StudentInfo, type StudentSession, type StudentSessionOptions, type StudentTurn } from "../../relay/student";
import { GrammarError, grammarProblemFromDiagnostic } from "../model/grammarError";
import { llamaDebugEnabled } from "../model/llamaLog";
import type { StudentModelOptions } from "../model/studentModelOptions";
import { WorkerConnection } from "./workerConnection";
import type { WorkerLoaded } from "./workerProtocol";

/** How to start the worker process, on top of the model options. */
export interface WorkerStudentOptions extends StudentModelOptions {
    /**
     * The worker's entry script. Default: `studentWorker.ts` beside this file (run through tsx) when this
     * file is TypeScript source; else `student-worker.js` beside the running bundle (the esbuild output),
     * or `studentWorker.js` beside this file when compiled without bundling.
     */
    workerPath?: string;
    /** Node flags for the worker. Default: `["--import", "tsx"]` for a `.ts` entry, else none (this process's flags are not inherited). */
    workerExecArgv?: string[];
    /**
     * Receives the worker's stdout and stderr: llama.cpp's log lines (`llama.cpp warn: …`), native output and
     * Node warnings. Default: written to this process's stderr only when RELAYLLM_DEBUG=1, so a failure
     * shows as its one error message.
     */
    onWorkerOutput?: (text: string) => void;
    /** How long `dispose` waits for the worker to exit before killing it, in milliseconds. Default 5000. */
    shutdownTimeoutMs?: number;
}

/** The worker entry script and the Node flags it needs. */
export interface WorkerEntry {
    modulePath: string;
    execArgv: string[];
}

const tsxExecArgv = ["--import", "tsx"];

/** Finds the worker entry for the way this code is running (tsx source, bundle, or plain tsc output). */
export function resolveWorkerEntry(options: Pick<WorkerStudentOptions, "workerPath" | "workerExecArgv"> = {}): WorkerEntry {
    const defaultArgv = (path: string) => options.workerExecArgv ?? (path.endsWith(".ts") ? tsxExecArgv : []);
    if (options.workerPath) return { modulePath: options.workerPath, execArgv: defaultArgv(options.workerPath) };
    if (__filename.endsWith(".ts")) {
        const source = join(__dirname, "studentWorker.ts");
        return { modulePath: source, execArgv: defaultArgv(source) };
    }
    const bundled = join(__dirname, "student-worker.js");
    const modulePath = existsSync(bundled) ? bundled : join(__dirname, "studentWorker.js");
    return { modulePath, execArgv: defaultArgv(modulePath) };
}

/**
 * A student whose model runs in a child Node process. If the process dies (a native crash, an OOM kill),
 * every pending call rejects with StudentCrashedError, `alive` turns false, and the caller starts a new
 * worker with {@link loadWorkerStudent} for the next solve.
 */
export class WorkerStudent implements Student {
    readonly info: StudentInfo;
    /** The GGUF file the worker loaded. */
    readonly modelPath: string;
    /** Tokens per session context. */
    readonly contextSize: number;
    /** Evaluation threads per context. */
    readonly threads: number;
    /** Sessions decoded together in one batch. */
    readonly sequences: number;
    /** The backend in use: "cuda", "vulkan", "metal", or false for the CPU. */
    readonly gpu: WorkerLoaded["gpu"];

    /** @internal use {@link loadWorkerStudent} */
    constructor(
        private readonly connection: WorkerConnection,
        loaded: WorkerLoaded,
        private readonly shutdownTimeoutMs: number
    ) {
        this.info = loaded.info;
        this.modelPath = loaded.modelPath;
        this.contextSize = loaded.contextSize;
        this.threads = loaded.threads;
        this.sequences = loaded.sequences;
        this.gpu = loaded.gpu;
    }

    /** The worker's process id (tests kill it to simulate a crash). */
    get pid(): number | undefined {
        return this.connection.pid;
    }

    /** False once the worker crashed or was disposed. */
    get alive(): boolean {
        return this.connection.alive;
    }

    /** Rejects with a GrammarError naming the line for a grammar llama.cpp cannot parse. */
    /**
     * Starts a session in the worker. Fitting a long conversation runs there synchronously and cannot be
     * interrupted, so a cancel kills the worker (the next solve loads a new one) and rejects at once.
     */
    async startSession({ signal, ...options }: StudentSessionOptions): Promise<StudentSession> {
        if (signal?.aborted) throw new AbortError("the solve was cancelled");
        const cancel = () => void this.connection.close(0);
        signal?.addEventListener("abort", cancel, { once: true });
        try {
            const { sessionId, ...prompt } = await this.connection.call({ type: "session/start", options });
            return new WorkerStudentSession(this.connection, sessionId, prompt);
        } catch (error) {
            if (signal?.aborted) throw new AbortError("the solve was cancelled", { cause: error });
            throw explainGrammarError(error, options.grammar);
        } finally {
            signal?.removeEventListener("abort", cancel);
        }
    }

    /** Shuts the worker down (killing it after `shutdownTimeoutMs`). */
    dispose(): Promise<void> {
        return this.connection.close(this.shutdownTimeoutMs);
    }
}

class WorkerStudentSession implements StudentSession {
    readonly templatedPrompt!: string;
    readonly droppedMessages!: number;
    readonly reusedPromptTokens!: number;
    readonly promptTokens!: number;

    /** Aborts when the worker process dies, even between calls (the engine then stops a teacher call at once). */
    get lost(): AbortSignal {
        return this.connection.crashed;
    }

    constructor(
        private readonly connection: WorkerConnection,
        private readonly sessionId: number,
        prompt: SessionPromptFacts
    ) {
        Object.assign(this, promptFactsOf(prompt));
    }

    async generate({ signal, onText, ...request }: StudentGenerateRequest): Promise<StudentTurn> {
        const call = this.connection.start(
            { type: "session/generate", sessionId: this.sessionId, request: { ...request, streamText: onText !== undefined } },
            { onText }
        );
        const abort = () => this.connection.notify({ type: "generate/abort", generateId: call.id });
        if (signal?.aborted) abort();
        signal?.addEventListener("abort", abort, { once: true });
        try {
            return await call.result;
        } finally {
            signal?.removeEventListener("abort", abort);
        }
    }

    append(text: string): Promise<number> {
        return this.connection.call({ type: "session/append", sessionId: this.sessionId, text });
    }

    countTokens(text: string): Promise<number> {
        return this.connection.call({ type: "session/countTokens", sessionId: this.sessionId, text });
    }

    async dispose(): Promise<void> {
        // A dead worker has nothing left to free.
        if (this.connection.alive) await this.connection.call({ type: "session/dispose", sessionId: this.sessionId });
    }
}

/**
 * Starts a worker process and loads the model in it. Rejects like {@link loadLlamaStudent} (the error
 * keeps its class across the process boundary), with StudentCrashedError when the worker dies while
 * loading, and with AbortError when `signal` fires (the worker is killed).
 */
export async function loadWorkerStudent(options: WorkerStudentOptions): Promise<WorkerStudent> {
    const { onDownloadProgress, signal, workerPath, workerExecArgv, onWorkerOutput, shutdownTimeoutMs = 5000, ...modelOptions } = options;
    if (signal?.aborted) throw new AbortError("loading the student model was cancelled");
    const entry = resolveWorkerEntry({ workerPath, workerExecArgv });
    const child = fork(entry.modulePath, [], { execArgv: entry.execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
    const connection = new WorkerConnection(child, onWorkerOutput ?? ((text) => llamaDebugEnabled() && process.stderr.write(text)));
    const cancel = () => void connection.close(0);
    signal?.addEventListener("abort", cancel, { once: true });
    try {
        const loaded = await connection.call(
            { type: "student/load", options: { ...modelOptions, reportDownloadProgress: onDownloadProgress !== undefined } },
            { onProgress: onDownloadProgress }
        );
        return new WorkerStudent(connection, loaded, shutdownTimeoutMs);
    } catch (error) {
        await connection.close(shutdownTimeoutMs);
        if (signal?.aborted) throw new AbortError("loading the student model was cancelled", { cause: error });
        throw error;
    } finally {
        signal?.removeEventListener("abort", cancel);
    }
}

/** llama.cpp's parser printed why a grammar failed on the worker's stderr: read the reason and line from it. */
function explainGrammarError(error: unknown, grammar: string | undefined): unknown {
    if (!(error instanceof GrammarError) || grammar === undefined || error.diagnostic === undefined) return error;
    const problem = grammarProblemFromDiagnostic(grammar, error.diagnostic);
    return problem ? GrammarError.of({ reason: problem.reason ?? error.problem.reason, line: problem.line }) : error;
}
