import { isAbortError } from "./errors";
import type { RelayEvent } from "./events";
import { pump } from "./eventPump";
import type { Teacher, TeacherRequest, TeacherResult } from "./teacher";
import { TeacherTextGuard, type GuardedText } from "./teacherTextGuard";

/** How one guarded call ended: `answer` is absent when it failed or was cancelled (`error` says why). */
export interface GuardedCall {
    answer?: TeacherResult;
    error?: unknown;
    text: GuardedText;
    overrun: boolean;
}

/**
 * Runs one teacher request under a `TeacherTextGuard` holding its text to `keepLimit` student tokens (counted
 * with `count`), streaming the guard's events. It is aborted by the solve's signal, by the student's crash
 * (`lost`) and by an overrun; an overrun abort still yields an answer (the text within the limit).
 */
export async function* guardedTeacherCall(
    teacher: Teacher,
    request: Omit<TeacherRequest, "signal" | "onText">,
    guarding: { call: number; keepLimit: number; count: (text: string) => Promise<number> },
    stopWith: { signal?: AbortSignal; lost?: AbortSignal },
): AsyncGenerator<RelayEvent, GuardedCall> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    const signals = [stopWith.signal, stopWith.lost].filter((signal): signal is AbortSignal => signal !== undefined);
    for (const signal of signals) {
        if (signal.aborted) stop();
        else signal.addEventListener("abort", stop, { once: true });
    }
    try {
        return yield* pump<RelayEvent, GuardedCall>(async (emit) => {
            const guard = new TeacherTextGuard(guarding.call, guarding.keepLimit, guarding.count, emit, stop);
            let answer: TeacherResult | undefined;
            let error: unknown;
            try {
                answer = await teacher.continue({ ...request, signal: controller.signal, onText: (delta) => guard.push(delta) });
            } catch (thrown) {
                error = thrown;
            }
            const text = await guard.finish();
            const overrun = text.overGrant;
            // Our own abort for an overrun is the end of a good answer, not a cancel.
            if (!answer && guard.abortedForOverrun && !stopWith.signal?.aborted && !stopWith.lost?.aborted && isAbortError(error)) {
                return { answer: { text: text.kept, finishReason: "length" }, text, overrun };
            }
            return { answer, error, text, overrun };
        });
    } finally {
        for (const signal of signals) signal.removeEventListener("abort", stop);
    }
}
