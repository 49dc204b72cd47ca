/**
 * Bridges callback-style streaming (a promise plus an `emit` callback) into an async generator, so the relay
 * loop can `yield*` events while a student turn or teacher call is still running.
 */
export async function* pump<T, R>(run: (emit: (item: T) => void) => Promise<R>): AsyncGenerator<T, R> {
    const queue: T[] = [];
    let wake: (() => void) | undefined;
    let settled = false;
    const emit = (item: T) => {
        queue.push(item);
        wake?.();
    };
    const running = run(emit).finally(() => {
        settled = true;
        wake?.();
    });
    // Keep an unobserved rejection from crashing the process before we await it below.
    running.catch(() => undefined);
    while (!settled || queue.length > 0) {
        if (queue.length === 0) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            continue;
        }
        yield queue.shift()!;
    }
    return await running;
}
