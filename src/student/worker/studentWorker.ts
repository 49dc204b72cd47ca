/**
 * The student worker process: runs one LlamaStudent and answers a WorkerStudent over IPC, so a native
 * crash or an out-of-memory kill takes down only this process. Bundled to `dist/student-worker.js`.
 */
import { StateError } from "../../relay/errors";
import { promptFactsOf } from "../../relay/student";
import { loadLlamaStudent, type LlamaStudent } from "../model/llamaStudent";
import { setLlamaLogSink } from "../model/llamaLog";
import type { LlamaStudentSession } from "../decoding/llamaStudentSession";
import { TextBatcher } from "./textBatcher";
import {
    parseClientMessage,
    serializeError,
    type StudentWorkerRequest,
    type StudentWorkerRequestType,
    type StudentWorkerResults,
    type WorkerToClientMessage,
    workerErrorMarker,
    workerLogLine
} from "./workerProtocol";

// llama.cpp's log lines go to stderr with everything else this process prints; the client decides what
// to show (the CLI: nothing unless RELAYLLM_DEBUG=1; the extension: its output channel).
setLlamaLogSink((level, message) => process.stderr.write(`${workerLogLine(level, message)}\n`));

type Handlers = { [K in StudentWorkerRequestType]: (request: Extract<StudentWorkerRequest, { type: K }>) => Promise<StudentWorkerResults[K]> };

let student: LlamaStudent | undefined;
const sessions = new Map<number, LlamaStudentSession>();
const generations = new Map<number, AbortController>();
let nextSessionId = 1;

function send(message: WorkerToClientMessage, callback?: () => void): void {
    process.send?.(message, undefined, undefined, () => callback?.());
}

function loadedStudent(): LlamaStudent {
    if (!student) throw new StateError("the student worker has no model loaded");
    return student;
}

function session(sessionId: number): LlamaStudentSession {
    const found = sessions.get(sessionId);
    if (!found) throw new StateError(`the student worker has no session ${sessionId}`);
    return found;
}

const handlers: Handlers = {
    "student/load": async ({ id, options: { reportDownloadProgress, ...options } }) => {
        if (student) throw new StateError("the student worker already has a model loaded");
        student = await loadLlamaStudent({
            ...options,
            onDownloadProgress: reportDownloadProgress ? (progress) => send({ type: "load/progress", id, ...progress }) : undefined
        });
        return { info: student.info, modelPath: student.modelPath, contextSize: student.contextSize, threads: student.threads, sequences: student.sequences, gpu: student.gpu };
    },
    "session/start": async ({ options }) => {
        const started = await loadedStudent().startSession(options);
        const sessionId = nextSessionId++;
        sessions.set(sessionId, started);
        return { sessionId, ...promptFactsOf(started) };
    },
    "session/generate": async ({ id, sessionId, request: { streamText, ...request } }) => {
        const abort = new AbortController();
        generations.set(id, abort);
        const batcher = streamText ? new TextBatcher((delta) => send({ type: "generate/text", id, delta })) : undefined;
        try {
            return await session(sessionId).generate({ ...request, signal: abort.signal, onText: batcher && ((delta) => batcher.push(delta)) });
        } finally {
            batcher?.flush();
            generations.delete(id);
        }
    },
    "session/append": async ({ sessionId, text }) => session(sessionId).append(text),
    "session/countTokens": async ({ sessionId, text }) => session(sessionId).countTokens(text),
    "session/dispose": async ({ sessionId }) => {
        const found = sessions.get(sessionId);
        sessions.delete(sessionId);
        await found?.dispose();
        return null;
    },
    "worker/shutdown": async () => {
        sessions.clear();
        await student?.dispose();
        student = undefined;
        return null;
    }
};

async function answer(request: StudentWorkerRequest): Promise<void> {
    try {
        const handler = handlers[request.type] as (request: StudentWorkerRequest) => Promise<unknown>;
        const result = await handler(request);
        send({ type: "result", id: request.id, request: request.type, result } as WorkerToClientMessage, () => {
            if (request.type === "worker/shutdown") process.exit(0);
        });
    } catch (error) {
        // Writes to a pipe are synchronous: once the client reads this line, it has all stderr output of the failure.
        process.stderr.write(`${workerErrorMarker(request.id)}\n`);
        send({ type: "error", id: request.id, error: serializeError(error) });
    }
}

process.on("message", (raw: unknown) => {
    const message = parseClientMessage(raw);
    if (!message) {
        process.stderr.write(`student worker: ignored a malformed message: ${JSON.stringify(raw)}\n`);
        return;
    }
    if (message.type === "generate/abort") generations.get(message.generateId)?.abort();
    else void answer(message);
});

// The client is gone (it exited or crashed): nothing can use this process any more.
process.on("disconnect", () => process.exit(0));
