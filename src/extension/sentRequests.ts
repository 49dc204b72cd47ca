import type { SentRequest, Teacher, TeacherRequest, TeacherResult } from "../relay";

/** One teacher call as it left the machine and what came back. */
export interface SentCall {
    /** Epoch milliseconds. */
    at: number;
    /** The request as sent (the last attempt's, when it was retried); never headers, so never the key. */
    sent?: SentRequest;
    /** Characters of the request body as sent (measured once, when it went out). */
    sentChars: number;
    /** The text the teacher streamed back (all of it, before the engine kept its part). */
    received: string;
    outcome: "answered" | "failed" | "cancelled";
    finishReason?: TeacherResult["finishReason"];
    error?: string;
}

/** Keeps the most recent calls, by solve and call index, for "Show What Was Sent" (this window only; nothing is stored). */
export class SentLog {
    private readonly calls = new Map<string, SentCall>();

    constructor(private readonly capacity = 200) {}

    record(solveId: string, call: number, entry: SentCall): void {
        const key = `${solveId}:${call}`;
        this.calls.delete(key);
        this.calls.set(key, entry);
        while (this.calls.size > this.capacity) this.calls.delete(this.calls.keys().next().value!);
    }

    get(solveId: string, call: number): SentCall | undefined {
        return this.calls.get(`${solveId}:${call}`);
    }

    /** Characters of request bodies that left the machine in one solve. */
    sentChars(solveId: string): number {
        let chars = 0;
        for (const [key, entry] of this.calls) if (key.startsWith(`${solveId}:`)) chars += entry.sentChars;
        return chars;
    }
}

/**
 * A teacher that records each call of one solve in a `SentLog` (in call order, as the engine numbers them) and
 * reports it to `onCall` (the log line), and otherwise is the teacher it wraps.
 */
export class RecordingTeacher implements Teacher {
    readonly name: string;
    private calls = 0;

    constructor(
        private readonly inner: Teacher,
        private readonly solveId: string,
        private readonly log: SentLog,
        private readonly onCall?: (call: number, entry: SentCall) => void,
    ) {
        this.name = inner.name;
    }

    async continue(request: TeacherRequest): Promise<TeacherResult> {
        const call = this.calls++;
        const entry: SentCall = { at: Date.now(), sentChars: 0, received: "", outcome: "failed" };
        const report = () => {
            this.log.record(this.solveId, call, entry);
            this.onCall?.(call, entry);
        };
        try {
            const result = await this.inner.continue({
                ...request,
                onSend: (sent) => {
                    entry.sent = sent;
                    entry.sentChars = JSON.stringify(sent.body).length;
                    request.onSend?.(sent);
                },
                onText: (delta) => {
                    entry.received += delta;
                    request.onText?.(delta);
                },
            });
            Object.assign(entry, { outcome: "answered", finishReason: result.finishReason });
            return result;
        } catch (error) {
            const cancelled = request.signal?.aborted ?? false;
            Object.assign(entry, { outcome: cancelled ? "cancelled" : "failed", error: error instanceof Error ? error.message : String(error) });
            throw error;
        } finally {
            report();
        }
    }
}

/**
 * The call as a read-only document: what was sent (pretty JSON), then what came back as a comment, so the whole
 * is one JSON-with-comments value (a second value was an error in VS Code's Problems for every call opened).
 */
export function describeSentCall(entry: SentCall, callNumber: number): string {
    const lines = [
        `// Relay: teacher call ${callNumber}, ${new Date(entry.at).toISOString()}`,
        "// What left this machine: the request body exactly as sent (headers, and so the API key, are not shown).",
        `// POST ${entry.sent?.url ?? "(the request was never sent)"}`,
        JSON.stringify(entry.sent?.body ?? null, null, 2),
        "",
        `// What came back (${entry.outcome}${entry.finishReason ? `, finish: ${entry.finishReason}` : ""}${entry.error ? `: ${entry.error}` : ""}):`,
        `// ${JSON.stringify(entry.received)}`,
    ];
    return lines.join("\n") + "\n";
}

/** One line for the output channel: origin, sizes and outcome; the text only when the user asked for it. */
export function callLogLine(call: number, entry: SentCall, withText: boolean): string {
    const origin = entry.sent ? new URL(entry.sent.url).origin : "(not sent)";
    const parts = [`teacher call ${call + 1}: ${origin}`, `${entry.sentChars} characters sent`, `${entry.received.length} received`, entry.outcome + (entry.finishReason ? ` (${entry.finishReason})` : "")];
    if (entry.error) parts.push(entry.error);
    const line = parts.join(" · ");
    return withText && entry.sent ? `${line}\n  sent: ${JSON.stringify(entry.sent.body)}\n  received: ${JSON.stringify(entry.received)}` : line;
}
