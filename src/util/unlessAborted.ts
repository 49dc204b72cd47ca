/**
 * `work`, unless `signal` aborts first: then the promise rejects at once with `aborted()` (called once, where a
 * caller can also cancel the work), without waiting for `work`, which may never settle (a notification nobody
 * answers, a download that trickles on). Already aborted: rejects at once.
 */
export function unlessAborted<T>(work: PromiseLike<T>, signal: AbortSignal | undefined, aborted: () => Error): Promise<T> {
    if (!signal) return Promise.resolve(work);
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(aborted());
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        const settle = () => signal.removeEventListener("abort", onAbort);
        Promise.resolve(work).then(
            (value) => (settle(), resolve(value)),
            (error: unknown) => (settle(), reject(error)),
        );
    });
}
