/**
 * Coalesces repaint requests into one call of `flush` per animation frame. When a flush is slow (a long
 * answer re-rendered whole), the next one waits three times as long as it took, so rendering never takes
 * more than about a quarter of the time and typing and scrolling stay smooth. A flush that throws still
 * ends its frame: the error propagates, and the next request gets a frame of its own.
 */
export function createFrameScheduler(window: Window, flush: () => void): { schedule(): void } {
    let pending = false;
    let notBefore = 0;
    const now = (): number => window.performance?.now() ?? Date.now();
    const run = (): void => {
        pending = false;
        const started = now();
        try {
            flush();
        } finally {
            notBefore = now() + 3 * (now() - started);
        }
    };
    const frame = (): void => {
        const wait = notBefore - now();
        if (wait > 1) window.setTimeout(() => nextFrame(frame), wait);
        else run();
    };
    const nextFrame = (callback: () => void): void => {
        if (typeof window.requestAnimationFrame === "function") window.requestAnimationFrame(callback);
        else window.setTimeout(callback, 16);
    };
    return {
        schedule() {
            if (pending) return;
            pending = true;
            nextFrame(frame);
        },
    };
}
