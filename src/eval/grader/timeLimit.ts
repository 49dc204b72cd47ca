import { Script, createContext } from "node:vm";

/** What `runWithTimeLimit` returns: the value, or that the limit cut the work off. */
export type TimedOutcome<T> = { completed: true; value: T } | { completed: false };

const context = createContext({});
const invoke = new Script("work()");

/**
 * Runs synchronous `work` and stops it after `timeLimitMs` milliseconds. The work runs from a `node:vm`
 * script with a timeout, whose watchdog terminates any JavaScript on this thread, including functions
 * defined outside the script (the compute engine's loops here). Errors thrown by `work` propagate.
 * Terminated work does not run its `finally` blocks, so callers must drop any state it was changing.
 */
export function runWithTimeLimit<T>(work: () => T, timeLimitMs: number): TimedOutcome<T> {
    context.work = work;
    try {
        return { completed: true, value: invoke.runInContext(context, { timeout: Math.max(1, Math.round(timeLimitMs)) }) as T };
    } catch (error) {
        if ((error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { completed: false };
        throw error;
    } finally {
        context.work = undefined;
    }
}
