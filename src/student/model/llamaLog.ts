/**
 * Our logger for node-llama-cpp's and llama.cpp's log lines. node-llama-cpp would print them on the
 * console, where they bury the one line that explains a failure; here every line goes to one sink
 * (stderr only with RELAYLLM_DEBUG=1, or what the process chose: the student worker forwards them to
 * its client), and recent error lines are kept so a failure can name its real cause.
 */
import type { LlamaLogLevel } from "node-llama-cpp";

/** Receives one log line of node-llama-cpp or llama.cpp (no trailing newline). */
export type LlamaLogSink = (level: `${LlamaLogLevel}`, message: string) => void;

/** True when RELAYLLM_DEBUG asks for llama.cpp's logs. */
export function llamaDebugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    return Boolean(env.RELAYLLM_DEBUG) && env.RELAYLLM_DEBUG !== "0";
}

const defaultSink: LlamaLogSink = (level, message) => {
    if (llamaDebugEnabled()) process.stderr.write(`llama.cpp ${level}: ${message}\n`);
};

let sink: LlamaLogSink = defaultSink;

/** Sends every later log line to `next` (the student worker forwards them to its client). */
export function setLlamaLogSink(next: LlamaLogSink): void {
    sink = next;
}

/** Error lines kept for explaining failures, oldest first, each with its sequence number. */
const recentErrors: { seq: number; message: string }[] = [];
const keptErrors = 20;
let logSeq = 0;

/** The logger given to node-llama-cpp's `getLlama`. */
export function logLlamaLine(level: `${LlamaLogLevel}`, message: string): void {
    const line = message.trimEnd();
    logSeq++;
    if (level === "error" || level === "fatal") {
        recentErrors.push({ seq: logSeq, message: line });
        if (recentErrors.length > keptErrors) recentErrors.shift();
    }
    sink(level, line);
}

/** A position in the log, for {@link llamaErrorsSince}. */
export function llamaLogMark(): number {
    return logSeq;
}

/**
 * The error lines llama.cpp logged after `mark` (the real cause of a failure that only says "Failed").
 * Native log lines reach the logger later, through the event loop, so this waits a few milliseconds first.
 */
export async function llamaErrorsSince(mark: number): Promise<string[]> {
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
    return recentErrors.filter((entry) => entry.seq > mark).map((entry) => entry.message);
}
