/**
 * The one message union between a WorkerStudent (client) and its worker process. Requests carry an `id`
 * and get exactly one `result` or `error` with that id; `generate/text` and `load/progress` stream
 * before it; `generate/abort` is a notice without an answer. Both sides validate what they receive.
 */
import { AbortError, ConfigError, ModelLoadError, RelayError, StudentCrashedError } from "../relay/errors";
import type { StudentGenerateRequest, StudentInfo, StudentSession, StudentSessionOptions, StudentTurn } from "../relay/student";
import { GrammarError, type GrammarProblem } from "./grammarError";
import type { StudentGpu, StudentModelOptions } from "./studentModelOptions";

/** Model options as they cross the process boundary (no callbacks, no signal). */
export type WorkerLoadOptions = Omit<StudentModelOptions, "onDownloadProgress" | "signal"> & {
    /** Send `load/progress` messages while a URI model downloads. */
    reportDownloadProgress: boolean;
};

/** A generate request as it crosses the process boundary; `streamText` stands in for `onText`. */
export interface WorkerGenerateRequest {
    maxTokens: number;
    stopStrings?: readonly string[];
    confidenceStop?: StudentGenerateRequest["confidenceStop"];
    suppress?: readonly string[];
    /** Send `generate/text` messages with the decoded text. */
    streamText: boolean;
}

/** What the worker reports about a loaded model. */
export interface WorkerLoaded {
    info: StudentInfo;
    modelPath: string;
    contextSize: number;
    threads: number;
    gpu: Exclude<StudentGpu, "auto">;
}

/** What a started session reports about its prompt. */
export type SessionPromptFacts = Pick<StudentSession, "templatedPrompt" | "droppedMessages" | "reusedPromptTokens" | "promptTokens">;

/** Client → worker requests, each answered once. */
export type StudentWorkerRequest =
    | { type: "student/load"; id: number; options: WorkerLoadOptions }
    | { type: "session/start"; id: number; options: StudentSessionOptions }
    | { type: "session/generate"; id: number; sessionId: number; request: WorkerGenerateRequest }
    | { type: "session/append"; id: number; sessionId: number; text: string }
    | { type: "session/countTokens"; id: number; sessionId: number; text: string }
    | { type: "session/dispose"; id: number; sessionId: number }
    | { type: "worker/shutdown"; id: number };

/** The result type of each request. */
export interface StudentWorkerResults {
    "student/load": WorkerLoaded;
    "session/start": { sessionId: number } & SessionPromptFacts;
    "session/generate": StudentTurn;
    "session/append": number;
    "session/countTokens": number;
    "session/dispose": null;
    "worker/shutdown": null;
}

export type StudentWorkerRequestType = StudentWorkerRequest["type"];

/** Client → worker notices (no answer). */
export type StudentWorkerNotice = { type: "generate/abort"; generateId: number };

/** Everything the client sends. */
export type ClientToWorkerMessage = StudentWorkerRequest | StudentWorkerNotice;

/** An error as it crosses the process boundary; `name` is the class name the client rethrows. */
export interface SerializedError {
    name: string;
    message: string;
    stack?: string;
    /** A GrammarError's problem. */
    problem?: GrammarProblem;
}

/**
 * The line the worker writes to stderr right before it answers request `id` with an error. Its stderr and
 * its IPC channel are separate pipes, so the client waits for this line to know it has everything the
 * worker (and native code, which writes there directly) printed while the request failed.
 */
export function workerErrorMarker(id: number): string {
    return `\u001frelayllm-worker-error ${id}`;
}

/** How the worker writes one node-llama-cpp/llama.cpp log line to its stderr. */
export function workerLogLine(level: string, message: string): string {
    return `llama.cpp ${level}: ${message}`;
}

/** True for a {@link workerLogLine} below error level: routine, never the reason a worker died. */
export function isRoutineLogLine(line: string): boolean {
    return /^llama\.cpp (warn|info|log|debug): /.test(line);
}

/** The request id of a {@link workerErrorMarker} line, or undefined for any other line. */
export function parseWorkerErrorMarker(line: string): number | undefined {
    const match = /^\u001frelayllm-worker-error (\d+)$/.exec(line);
    return match ? Number(match[1]) : undefined;
}

/** Everything the worker sends. */
export type WorkerToClientMessage =
    | { [K in StudentWorkerRequestType]: { type: "result"; id: number; request: K; result: StudentWorkerResults[K] } }[StudentWorkerRequestType]
    | { type: "error"; id: number; error: SerializedError }
    | { type: "generate/text"; id: number; delta: string }
    | { type: "load/progress"; id: number; downloadedSize: number; totalSize: number };

const requestTypes: ReadonlySet<string> = new Set<StudentWorkerRequestType>([
    "student/load",
    "session/start",
    "session/generate",
    "session/append",
    "session/countTokens",
    "session/dispose",
    "worker/shutdown"
]);

/** Returns the message when it is a well-formed client → worker message, else undefined. */
export function parseClientMessage(value: unknown): ClientToWorkerMessage | undefined {
    if (!isRecord(value) || typeof value["type"] !== "string") return undefined;
    if (value["type"] === "generate/abort") return isCount(value["generateId"]) ? (value as StudentWorkerNotice) : undefined;
    if (!requestTypes.has(value["type"]) || !isCount(value["id"])) return undefined;
    switch (value["type"] as StudentWorkerRequestType) {
        case "student/load":
            return isRecord(value["options"]) && typeof value["options"]["model"] === "string" ? (value as StudentWorkerRequest) : undefined;
        case "session/start":
            return isRecord(value["options"]) && isMessageList(value["options"]["messages"]) ? (value as StudentWorkerRequest) : undefined;
        case "session/generate":
            return isCount(value["sessionId"]) && isRecord(value["request"]) && typeof value["request"]["maxTokens"] === "number" ? (value as StudentWorkerRequest) : undefined;
        case "session/append":
        case "session/countTokens":
            return isCount(value["sessionId"]) && typeof value["text"] === "string" ? (value as StudentWorkerRequest) : undefined;
        case "session/dispose":
            return isCount(value["sessionId"]) ? (value as StudentWorkerRequest) : undefined;
        case "worker/shutdown":
            return value as StudentWorkerRequest;
    }
}

/** Returns the message when it is a well-formed worker → client message, else undefined. */
export function parseWorkerMessage(value: unknown): WorkerToClientMessage | undefined {
    if (!isRecord(value) || !isCount(value["id"])) return undefined;
    switch (value["type"]) {
        case "result":
            return typeof value["request"] === "string" && requestTypes.has(value["request"]) && "result" in value ? (value as WorkerToClientMessage) : undefined;
        case "error":
            return isRecord(value["error"]) && typeof value["error"]["name"] === "string" && typeof value["error"]["message"] === "string"
                ? (value as WorkerToClientMessage)
                : undefined;
        case "generate/text":
            return typeof value["delta"] === "string" ? (value as WorkerToClientMessage) : undefined;
        case "load/progress":
            return typeof value["downloadedSize"] === "number" && typeof value["totalSize"] === "number" ? (value as WorkerToClientMessage) : undefined;
        default:
            return undefined;
    }
}

/** Engine error classes that keep their class across the process boundary. */
const rethrowableErrors: Readonly<Record<string, new (message: string) => Error>> = {
    ModelLoadError,
    StudentCrashedError,
    ConfigError,
    AbortError,
    RelayError
};

export function serializeError(error: unknown): SerializedError {
    if (error instanceof GrammarError) return { name: error.name, message: error.message, stack: error.stack, problem: error.problem };
    if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
    return { name: "Error", message: String(error) };
}

/**
 * Rebuilds an error on the client: engine errors as their own class, others as Error with the same name.
 * `workerOutput` is what the worker wrote to stderr while the request failed (a GrammarError keeps it as its diagnostic).
 */
export function deserializeError(serialized: SerializedError, workerOutput?: string): Error {
    const ErrorClass = Object.hasOwn(rethrowableErrors, serialized.name) ? rethrowableErrors[serialized.name] : undefined;
    const error =
        serialized.name === "GrammarError"
            ? new GrammarError(serialized.message, isRecord(serialized.problem) ? readProblem(serialized.problem) : {}, workerOutput)
            : ErrorClass
              ? new ErrorClass(serialized.message)
              : Object.assign(new Error(serialized.message), { name: serialized.name });
    if (serialized.stack) error.stack = `${error.stack}\n    --- in the student worker ---\n${serialized.stack}`;
    return error;
}

function readProblem(problem: Record<string, unknown>): GrammarProblem {
    return {
        reason: typeof problem["reason"] === "string" ? problem["reason"] : undefined,
        line: isCount(problem["line"]) ? problem["line"] : undefined
    };
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null;
}

function isMessageList(value: unknown): boolean {
    return Array.isArray(value) && value.every((message) => isRecord(message) && typeof message["role"] === "string" && typeof message["content"] === "string");
}

function isCount(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
