import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { AbortError } from "../../relay/errors";
import { StudentCrashedError } from "../../relay/studentCrashedError";
import { errorMessage } from "../../util/errorMessage";
import type { DownloadProgress } from "../model/studentModelOptions";
import {
    deserializeError,
    isRoutineLogLine,
    parseWorkerErrorMarker,
    parseWorkerMessage,
    type StudentWorkerNotice,
    type StudentWorkerRequest,
    type StudentWorkerRequestType,
    type StudentWorkerResults
} from "./workerProtocol";

/** Receivers for what a worker streams before it answers a request. */
export interface CallHandlers {
    onText?: (delta: string) => void;
    onProgress?: (progress: DownloadProgress) => void;
}

/** A request without its id (the connection numbers requests). */
export type RequestBody<K extends StudentWorkerRequestType> = Omit<Extract<StudentWorkerRequest, { type: K }>, "id"> & { type: K };

/** A request in flight. */
export interface StartedCall<K extends StudentWorkerRequestType> {
    id: number;
    result: Promise<StudentWorkerResults[K]>;
}

interface PendingCall {
    request: StudentWorkerRequestType;
    handlers: CallHandlers;
    resolve(value: unknown): void;
    reject(error: Error): void;
    /** A receiver threw; the call fails with this once the worker answers. */
    handlerError?: unknown;
}

/** Characters of worker output kept to explain a crash. */
const outputTailLength = 2000;
/** Characters of stderr kept for the diagnostics of one failed request (llama.cpp echoes a bad grammar whole). */
const diagnosticLength = 256 * 1024;
/** How long an error answer waits for its stderr marker (the worker writes it first; this only guards a stale worker build). */
const markerWaitMs = 1000;
/**
 * How long a failed send waits for the worker's exit: a worker that just died fails the send (EPIPE) before
 * its exit is reported, and the exit (killed by which signal, its last output) says more than EPIPE.
 */
const exitAfterSendFailureMs = 1000;

/**
 * The client end of one worker process: numbers requests, routes streamed messages to their call, and
 * turns an unexpected exit into StudentCrashedError for every call in flight and every call after it.
 * While no call is in flight the child does not keep this process alive.
 */
export class WorkerConnection {
    private readonly pending = new Map<number, PendingCall>();
    private nextId = 1;
    private failure: Error | undefined;
    private closing = false;
    /** Set once the child has exited and its output is drained. */
    private exited = false;
    private sendFailure: NodeJS.Timeout | undefined;
    private outputTail = "";
    /** Stderr after its last newline: forwarded once the line is complete. */
    private stderrPartial = "";
    /** Stderr lines since the last error marker: what the worker printed while a request failed. */
    private stderrSinceMarker = "";
    /** Error markers already read, by request id, with the stderr before each. */
    private readonly markers = new Map<number, string>();
    /** Error answers waiting for their marker. */
    private readonly markerWaiters = new Map<number, (output: string) => void>();
    private readonly crash = new AbortController();
    /**
     * Aborts, with the StudentCrashedError as its reason, the moment the worker dies unexpectedly, even with
     * no call in flight (the engine is waiting on the teacher then); never on an orderly `close`.
     */
    readonly crashed: AbortSignal = this.crash.signal;
    /** Settles once the worker process is gone and its output is drained. */
    readonly closed: Promise<void>;

    constructor(
        private readonly child: ChildProcess,
        private readonly onOutput: (text: string) => void
    ) {
        // A worker busy with a long synchronous step does not notice its parent is gone: when we exit, it goes too.
        const killWithUs = () => child.kill("SIGKILL");
        process.on("exit", killWithUs);
        child.once("exit", () => process.off("exit", killWithUs));
        child.on("message", (raw: unknown) => this.receive(raw));
        child.stdout?.setEncoding("utf8");
        child.stdout?.on("data", (text: string) => this.output(text));
        child.stderr?.setEncoding("utf8");
        child.stderr?.on("data", (text: string) => this.receiveStderr(text));
        child.on("error", (error) => {
            this.fail(new StudentCrashedError(`The student worker process failed: ${error.message}.`, { cause: error }));
            child.kill("SIGKILL");
        });
        this.closed = new Promise((resolve) => {
            child.once("close", (code, signal) => {
                this.exited = true;
                clearTimeout(this.sendFailure);
                this.endStderr();
                if (!this.closing) this.fail(new StudentCrashedError(this.crashMessage(code, signal)));
                resolve();
            });
        });
        this.updateRef();
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /** False once the worker crashed or was shut down. */
    get alive(): boolean {
        return this.failure === undefined && !this.closing;
    }

    start<K extends StudentWorkerRequestType>(body: RequestBody<K>, handlers: CallHandlers = {}): StartedCall<K> {
        const id = this.nextId++;
        if (!this.alive) return { id, result: Promise.reject(this.failure ?? new AbortError("the student worker was shut down")) };
        const result = new Promise<StudentWorkerResults[K]>((resolve, reject) => {
            this.pending.set(id, { request: body.type, handlers, resolve: resolve as (value: unknown) => void, reject });
        });
        this.updateRef();
        this.post({ ...body, id } as StudentWorkerRequest);
        return { id, result };
    }

    call<K extends StudentWorkerRequestType>(body: RequestBody<K>, handlers?: CallHandlers): Promise<StudentWorkerResults[K]> {
        return this.start(body, handlers).result;
    }

    notify(notice: StudentWorkerNotice): void {
        if (this.alive) this.post(notice);
    }

    /**
     * Asks the worker to free the model and exit; kills it when it has not exited after `timeoutMs`.
     * Calls still in flight reject with AbortError.
     */
    async close(timeoutMs: number): Promise<void> {
        if (this.closing) return this.closed;
        const wasAlive = this.alive;
        this.closing = true;
        this.rejectAll(new AbortError("the student worker was shut down"));
        // Until its exit is reported the child must keep this process alive, even when it died a moment ago
        // (a failed send): with every handle unreferenced, Node would end here, silently, before the report.
        this.holdOpen(true);
        if (wasAlive) this.post({ type: "worker/shutdown", id: this.nextId++ });
        // A worker that failed (stopped answering) may still be running: no reason to wait for it.
        const timer = setTimeout(() => this.child.kill("SIGKILL"), wasAlive ? timeoutMs : 0);
        await this.closed;
        clearTimeout(timer);
    }

    private post(message: StudentWorkerRequest | StudentWorkerNotice): void {
        try {
            this.child.send(message, (error) => {
                if (error) this.failUnlessExit(error);
            });
        } catch (error) {
            this.failUnlessExit(error);
        }
    }

    /** A send failed: the exit, if it follows soon, explains why; otherwise the worker stopped answering. */
    private failUnlessExit(error: unknown): void {
        if (this.exited || this.sendFailure !== undefined) return;
        this.sendFailure = setTimeout(
            () => this.fail(new StudentCrashedError(`The student worker process stopped answering: ${errorMessage(error)}.`, { cause: error })),
            exitAfterSendFailureMs
        );
    }

    private receive(raw: unknown): void {
        const message = parseWorkerMessage(raw);
        if (!message) {
            this.onOutput(`student worker: ignored a malformed message: ${JSON.stringify(raw)}\n`);
            return;
        }
        const call = this.pending.get(message.id);
        if (!call) {
            if (message.type === "error") this.markers.delete(message.id);
            return;
        }
        switch (message.type) {
            case "generate/text":
                this.runHandler(call, message.id, () => call.handlers.onText?.(message.delta));
                break;
            case "load/progress":
                this.runHandler(call, message.id, () => call.handlers.onProgress?.({ downloadedSize: message.downloadedSize, totalSize: message.totalSize }));
                break;
            case "result":
                this.settle(message.id);
                if (call.handlerError !== undefined) call.reject(call.handlerError as Error);
                else if (message.request !== call.request) call.reject(new Error(`student worker answered ${call.request} with a ${message.request} result`));
                else call.resolve(message.result);
                break;
            case "error":
                // The reply can overtake the stderr lines of the failure: wait for them (a grammar's diagnostic is there).
                void this.stderrOfFailure(message.id).then((output) => {
                    if (this.pending.get(message.id) !== call) return;
                    this.settle(message.id);
                    call.reject(deserializeError(message.error, output));
                });
                break;
            default:
                message satisfies never;
        }
    }

    /** `routine` output (llama.cpp's warnings and info) is forwarded but never quoted to explain a crash. */
    private output(text: string, routine = false): void {
        if (!routine) this.outputTail = (this.outputTail + text).slice(-outputTailLength);
        this.onOutput(text);
    }

    /** Forwards stderr line by line, keeping error markers out of it and remembering the text before each. */
    private receiveStderr(text: string): void {
        const lines = (this.stderrPartial + text).split("\n");
        this.stderrPartial = lines.pop()!;
        for (const line of lines) {
            const id = parseWorkerErrorMarker(line);
            if (id === undefined) {
                this.stderrSinceMarker = (this.stderrSinceMarker + line + "\n").slice(-diagnosticLength);
                this.output(line + "\n", isRoutineLogLine(line));
                continue;
            }
            const before = this.stderrSinceMarker;
            this.stderrSinceMarker = "";
            const waiter = this.markerWaiters.get(id);
            if (waiter) waiter(before);
            else this.markers.set(id, before);
        }
    }

    /** The worker is gone: no marker comes any more. */
    private endStderr(): void {
        if (this.stderrPartial !== "") this.receiveStderr("\n");
        for (const waiter of [...this.markerWaiters.values()]) waiter(this.stderrSinceMarker);
    }

    /** The stderr text the worker wrote while request `id` failed (empty when its marker never came). */
    private stderrOfFailure(id: number): Promise<string> {
        const seen = this.markers.get(id);
        this.markers.delete(id);
        if (seen !== undefined) return Promise.resolve(seen);
        return new Promise((resolve) => {
            const done = (output: string) => {
                clearTimeout(timer);
                this.markerWaiters.delete(id);
                resolve(output);
            };
            const timer = setTimeout(() => done(""), markerWaitMs);
            this.markerWaiters.set(id, done);
        });
    }

    /** A receiver that throws stops its generation (like it would in process) and fails the call. */
    private runHandler(call: PendingCall, id: number, handler: () => void): void {
        if (call.handlerError !== undefined) return;
        try {
            handler();
        } catch (error) {
            call.handlerError = error;
            this.notify({ type: "generate/abort", generateId: id });
        }
    }

    private settle(id: number): void {
        this.pending.delete(id);
        this.updateRef();
    }

    private fail(error: Error): void {
        if (this.failure !== undefined || this.closing) return;
        this.failure = error;
        this.rejectAll(error);
        this.crash.abort(error);
    }

    private rejectAll(error: Error): void {
        const calls = [...this.pending.values()];
        this.pending.clear();
        this.updateRef();
        for (const call of calls) call.reject(error);
    }

    private crashMessage(code: number | null, signal: NodeJS.Signals | null): string {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const lastLine = this.outputTail.trim().split("\n").pop()?.trim();
        return `The student worker process (pid ${this.child.pid}) ${how} unexpectedly${lastLine ? `; its last output was: ${lastLine}` : ""}.`;
    }

    /** Only a worker with calls in flight keeps this process alive. */
    private updateRef(): void {
        if (!this.closing) this.holdOpen(this.pending.size > 0);
    }

    private holdOpen(busy: boolean): void {
        const handles = [this.child, this.child.channel, this.child.stdout as Socket | null, this.child.stderr as Socket | null];
        for (const handle of handles) {
            if (handle && typeof handle.ref === "function") {
                if (busy) handle.ref();
                else handle.unref();
            }
        }
    }
}
