/**
 * The one way tests wait for something they cannot be told about (a file written, a log line, a process gone):
 * `read` is checked until `done` accepts its value, which is returned. The interval only paces the checks; after
 * `timeoutMs` the wait fails with `failure(last value read)`, so a slow machine waits longer, never passes early.
 */
export async function pollFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, options: { timeoutMs: number; intervalMs?: number; failure: (last: T) => string }): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(options.failure(value));
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
    }
}

/** Resolves once `condition` holds; fails with `message` after `timeoutMs` (see {@link pollFor}). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, message: string, intervalMs?: number): Promise<void> {
    await pollFor(condition, (holds) => holds, { timeoutMs, intervalMs, failure: () => message });
}
