/**
 * The one message union between a WorkerStudent (client) and its worker process. Requests carry an `id`
 * and get exactly one `result` or `error` with that id; `generate/text` and `load/progress` stream
 * before it; `generate/abort` is a notice without an answer. Both sides validate what they receive.
 */
import * as v from "valibot";
import { CHAT_ROLES } from "../../relay/chatMessages";
import { CONFIDENCE_TRIGGERS } from "../../relay/confidenceTrigger";
import { AbortError, ConfigError, ModelLoadError, RelayError, StateError } from "../../relay/errors";
import { StudentCrashedError } from "../../relay/studentCrashedError";
import type { SessionPromptFacts, StudentGenerateRequest, StudentInfo, StudentSessionOptions, StudentStopReason, StudentTurn } from "../../relay/student";
import { GrammarError, type GrammarProblem } from "../model/grammarError";
import type { StudentGpu, StudentModelOptions } from "../model/studentModelOptions";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const id = { id: count };

/** Model options as they cross the process boundary (no callbacks, no signal); `validateStudentModelOptions` checks the values. */
const workerLoadOptionsSchema = v.object({
    model: v.string(),
    modelsDirectory: v.optional(v.string()),
    gpu: v.optional(v.union([v.literal(false), v.picklist(["auto", "cuda", "vulkan", "metal"])])),
    gpuLayers: v.optional(v.union([v.number(), v.picklist(["auto", "max"])])),
    threads: v.optional(v.number()),
    contextSize: v.optional(v.number()),
    sequences: v.optional(v.number()),
    relayTrained: v.optional(v.boolean()),
    /** Send `load/progress` messages while a URI model downloads. */
    reportDownloadProgress: v.boolean()
});
export type WorkerLoadOptions = v.InferOutput<typeof workerLoadOptionsSchema>;

const sessionOptionsSchema = v.object({
    messages: v.pipe(v.array(v.object({ role: v.picklist(CHAT_ROLES), content: v.string() })), v.readonly()),
    reserveTokens: v.optional(v.number()),
    temperature: v.optional(v.number()),
    sampling: v.optional(v.object({ topK: v.optional(v.number()), topP: v.optional(v.number()), minP: v.optional(v.number()) })),
    plainPromptFormat: v.optional(v.picklist(["continuation", "user-assistant"])),
    seed: v.optional(v.number()),
    grammar: v.optional(v.string())
});

/** A generate request as it crosses the process boundary; `streamText` stands in for `onText`. */
const workerGenerateRequestSchema = v.object({
    maxTokens: v.number(),
    stopStrings: v.optional(v.pipe(v.array(v.string()), v.readonly())),
    confidenceStop: v.optional(v.object({ trigger: v.optional(v.picklist(CONFIDENCE_TRIGGERS)), threshold: v.number(), minTokens: v.number() })),
    suppress: v.optional(v.pipe(v.array(v.string()), v.readonly())),
    /** Send `generate/text` messages with the decoded text. */
    streamText: v.boolean()
});
export type WorkerGenerateRequest = v.InferOutput<typeof workerGenerateRequestSchema>;

/** Same<A, B> is true only when A and B are the same type: a schema above and the type it stands for cannot drift apart. */
import type { Same } from "../../relay/sameType";
true satisfies Same<WorkerLoadOptions, Omit<StudentModelOptions, "onDownloadProgress" | "signal"> & { reportDownloadProgress: boolean }>;
true satisfies Same<v.InferOutput<typeof sessionOptionsSchema>, Omit<StudentSessionOptions, "signal">>;
true satisfies Same<WorkerGenerateRequest, Omit<StudentGenerateRequest, "signal" | "onText"> & { streamText: boolean }>;

/** Client → worker requests, each answered once. */
const studentWorkerRequestSchema = v.variant("type", [
    v.object({ type: v.literal("student/load"), ...id, options: workerLoadOptionsSchema }),
    v.object({ type: v.literal("session/start"), ...id, options: sessionOptionsSchema }),
    v.object({ type: v.literal("session/generate"), ...id, sessionId: count, request: workerGenerateRequestSchema }),
    v.object({ type: v.literal("session/append"), ...id, sessionId: count, text: v.string() }),
    v.object({ type: v.literal("session/countTokens"), ...id, sessionId: count, text: v.string() }),
    v.object({ type: v.literal("session/dispose"), ...id, sessionId: count }),
    v.object({ type: v.literal("worker/shutdown"), ...id })
]);
export type StudentWorkerRequest = v.InferOutput<typeof studentWorkerRequestSchema>;
export type StudentWorkerRequestType = StudentWorkerRequest["type"];

/** Client → worker notices (no answer). */
const studentWorkerNoticeSchema = v.object({ type: v.literal("generate/abort"), generateId: count });
export type StudentWorkerNotice = v.InferOutput<typeof studentWorkerNoticeSchema>;

/** Everything the client sends. */
const clientToWorkerSchema = v.variant("type", [studentWorkerNoticeSchema, studentWorkerRequestSchema]);
export type ClientToWorkerMessage = v.InferOutput<typeof clientToWorkerSchema>;

const STUDENT_STOP_REASONS = ["stop-string", "eos", "max-tokens", "low-confidence", "aborted"] as const;
true satisfies Same<(typeof STUDENT_STOP_REASONS)[number], StudentStopReason>;

/** What the worker reports about a loaded model. */
const workerLoadedSchema = v.object({
    info: v.object({ name: v.string(), relayTrained: v.boolean() }),
    modelPath: v.string(),
    contextSize: v.number(),
    threads: v.number(),
    sequences: v.number(),
    gpu: v.union([v.literal(false), v.picklist(["cuda", "vulkan", "metal"])])
});
export type WorkerLoaded = v.InferOutput<typeof workerLoadedSchema>;
true satisfies Same<WorkerLoaded["gpu"], Exclude<StudentGpu, "auto">>;
true satisfies Same<WorkerLoaded["info"], StudentInfo>;

/** What a started session reports about its prompt. */
const sessionPromptFactsSchema = v.object({ templatedPrompt: v.string(), droppedMessages: v.number(), reusedPromptTokens: v.number(), promptTokens: v.number() });
true satisfies Same<v.InferOutput<typeof sessionPromptFactsSchema>, { -readonly [K in keyof SessionPromptFacts]: SessionPromptFacts[K] }>;

const studentTurnSchema = v.object({ text: v.string(), tokens: v.number(), stopReason: v.picklist(STUDENT_STOP_REASONS), inputTokensEvaluated: v.number() });
true satisfies Same<v.InferOutput<typeof studentTurnSchema>, StudentTurn>;

/** The answer to each request, by its type. */
const resultSchema = v.variant("request", [
    v.object({ type: v.literal("result"), ...id, request: v.literal("student/load"), result: workerLoadedSchema }),
    v.object({ type: v.literal("result"), ...id, request: v.literal("session/start"), result: v.object({ sessionId: count, ...sessionPromptFactsSchema.entries }) }),
    v.object({ type: v.literal("result"), ...id, request: v.literal("session/generate"), result: studentTurnSchema }),
    v.object({ type: v.literal("result"), ...id, request: v.literal("session/append"), result: v.number() }),
    v.object({ type: v.literal("result"), ...id, request: v.literal("session/countTokens"), result: v.number() }),
    v.object({ type: v.literal("result"), ...id, request: v.literal("session/dispose"), result: v.null() }),
    v.object({ type: v.literal("result"), ...id, request: v.literal("worker/shutdown"), result: v.null() })
]);

/** The result type of each request. */
export type StudentWorkerResults = { [K in StudentWorkerRequestType]: Extract<v.InferOutput<typeof resultSchema>, { request: K }>["result"] };

/** An error as it crosses the process boundary; `name` is the class name the client rethrows. */
const serializedErrorSchema = v.object({
    name: v.string(),
    message: v.string(),
    stack: v.optional(v.string()),
    /** A GrammarError's problem; a malformed one reads as unknown. */
    problem: v.fallback(v.optional(v.object({ reason: v.fallback(v.optional(v.string()), undefined), line: v.fallback(v.optional(count), undefined) })), undefined)
});
export type SerializedError = v.InferOutput<typeof serializedErrorSchema>;
true satisfies Same<NonNullable<SerializedError["problem"]>, GrammarProblem>;

/** Everything the worker sends. */
const workerToClientSchema = v.variant("type", [
    resultSchema,
    v.object({ type: v.literal("error"), ...id, error: serializedErrorSchema }),
    v.object({ type: v.literal("generate/text"), ...id, delta: v.string() }),
    v.object({ type: v.literal("load/progress"), ...id, downloadedSize: v.number(), totalSize: v.number() })
]);
export type WorkerToClientMessage = v.InferOutput<typeof workerToClientSchema>;

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

/** Returns the message when it is a well-formed client → worker message, else undefined. Unknown fields are dropped. */
export function parseClientMessage(value: unknown): ClientToWorkerMessage | undefined {
    const parsed = v.safeParse(clientToWorkerSchema, value);
    return parsed.success ? parsed.output : undefined;
}

/** Returns the message when it is a well-formed worker → client message, else undefined. Unknown fields are dropped. */
export function parseWorkerMessage(value: unknown): WorkerToClientMessage | undefined {
    const parsed = v.safeParse(workerToClientSchema, value);
    return parsed.success ? parsed.output : undefined;
}

/** Engine error classes that keep their class across the process boundary. */
const rethrowableErrors: Readonly<Record<string, new (message: string) => Error>> = {
    ModelLoadError,
    StudentCrashedError,
    ConfigError,
    StateError,
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
            ? new GrammarError(serialized.message, serialized.problem ?? {}, workerOutput)
            : ErrorClass
              ? new ErrorClass(serialized.message)
              : Object.assign(new Error(serialized.message), { name: serialized.name });
    if (serialized.stack) error.stack = `${error.stack}\n    --- in the student worker ---\n${serialized.stack}`;
    return error;
}
