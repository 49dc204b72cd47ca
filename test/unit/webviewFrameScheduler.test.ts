import assert from "node:assert/strict";
import { it } from "node:test";
import { createFrameScheduler } from "../../src/webview/chat/createFrameScheduler";

/** A window whose animation frames and timers run only when the test says, on a clock it sets. */
function manualWindow() {
    let time = 0;
    const frames: (() => void)[] = [];
    const window = {
        performance: { now: () => time },
        requestAnimationFrame: (callback: () => void) => frames.push(callback),
        setTimeout: (callback: () => void) => frames.push(callback),
    } as unknown as Window;
    return { window, frames, advance: (ms: number) => (time += ms), runFrame: () => frames.shift()!() };
}

it("ends a frame whose flush throws: the error propagates, and the next request is flushed in a frame of its own", () => {
    const { window, frames, runFrame } = manualWindow();
    let flushes = 0;
    const scheduler = createFrameScheduler(window, () => {
        flushes++;
        if (flushes === 1) throw new RangeError("Maximum call stack size exceeded");
    });
    scheduler.schedule();
    scheduler.schedule();
    assert.equal(frames.length, 1, "requests coalesce into one frame");
    assert.throws(runFrame, RangeError);
    scheduler.schedule();
    assert.equal(frames.length, 1);
    runFrame();
    assert.equal(flushes, 2);
});

it("backs off after a slow flush even when it throws", () => {
    const { window, frames, advance, runFrame } = manualWindow();
    let flushes = 0;
    const scheduler = createFrameScheduler(window, () => {
        flushes++;
        advance(100);
        throw new Error("render failed");
    });
    scheduler.schedule();
    assert.throws(runFrame);
    scheduler.schedule();
    runFrame();
    // The frame came before the back-off ended (300 ms after a 100 ms flush): it waits instead of flushing.
    assert.equal(flushes, 1);
    assert.equal(frames.length, 1);
});
