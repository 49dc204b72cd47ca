import { AbortError, type Teacher, type TeacherRequest, type TeacherResult, type TeacherUsage, type TeacherRequestError } from "../../src/relay";

/** What one scripted teacher call does. */
export type TeacherScript =
    /** Streams `text` in pieces of `chunk` characters (default 4), then ends with `finishReason` (default `length`). */
    | { text: string; finishReason?: "stop" | "length" | "timeout"; usage?: TeacherUsage; chunk?: number }
    /** Ignores `maxTokens`: streams `chunk` again and again until the request is aborted (or `limit` chunks, then `finishReason`). */
    | { unlimited: string; limit?: number; finishReason?: "stop" | "length"; usage?: TeacherUsage }
    /** Streams `text` (may be empty), then fails with `error`. */
    | { failAfter: string; error: TeacherRequestError }
    /** Accepts the request and never answers until it is aborted. */
    | { stall: true };

function aborted(): AbortError {
    return new AbortError("The teacher request was cancelled.");
}

/**
 * A SCRIPTED FAKE teacher for unit tests of the relay loop's decisions (no server): each call plays the next
 * script (a plain answer, unlimited text that ignores `maxTokens`, a failure after some text, a stall),
 * honouring the abort signal as the real adapter does, and records every request.
 */
export class ScriptedTeacher implements Teacher {
    readonly name = "scripted-teacher";
    readonly requests: Array<Omit<TeacherRequest, "signal" | "onText">> = [];
    /** Characters streamed over all calls (to show that an aborted request stops streaming). */
    streamedCharacters = 0;
    private readonly scripts: TeacherScript[];
    private played: TeacherScript | undefined;

    /** `scripts` are played in order; `fallback` (default: the last script) plays once they run out. */
    constructor(scripts: readonly TeacherScript[], private readonly fallback?: TeacherScript) {
        this.scripts = [...scripts];
    }

    async continue(request: TeacherRequest): Promise<TeacherResult> {
        const { signal, onText, ...recorded } = request;
        this.requests.push(recorded);
        const script = this.scripts.shift() ?? this.fallback ?? this.played;
        if (!script) throw new Error("the scripted teacher has no script for this call");
        this.played = script;
        if (signal?.aborted) throw aborted();
        const send = async (text: string) => {
            // A macrotask between chunks, as a network would: the engine's counting runs in between.
            await new Promise((resolve) => setImmediate(resolve));
            if (signal?.aborted) throw aborted();
            this.streamedCharacters += text.length;
            if (text) onText?.(text);
        };
        if ("stall" in script) {
            await new Promise<void>((_, reject) => {
                if (signal?.aborted) reject(aborted());
                signal?.addEventListener("abort", () => reject(aborted()), { once: true });
            });
            throw aborted();
        }
        if ("failAfter" in script) {
            if (script.failAfter) await send(script.failAfter);
            throw script.error;
        }
        if ("unlimited" in script) {
            for (let sent = 0; script.limit === undefined || sent < script.limit; sent++) await send(script.unlimited);
            return { text: "", finishReason: script.finishReason ?? "length", ...(script.usage ? { usage: script.usage } : {}) };
        }
        const size = script.chunk ?? 4;
        for (let at = 0; at < script.text.length; at += size) await send(script.text.slice(at, at + size));
        return { text: script.text, finishReason: script.finishReason ?? "length", ...(script.usage ? { usage: script.usage } : {}) };
    }
}
