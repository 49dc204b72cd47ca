import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDuration, progressLine, ProgressReporter } from "../../src/eval/bench";

describe("bench progress", () => {
    it("formats durations compactly", () => {
        assert.equal(formatDuration(12_000), "12s");
        assert.equal(formatDuration(185_000), "3m05s");
        assert.equal(formatDuration(3_725_000), "1h02m");
    });

    it("shows a bar, counts earlier results as done, and an ETA from this run's rate", () => {
        const line = progressLine({ total: 10, skipped: 2, ran: 3, running: 1 }, 6000, 10);
        assert.equal(line, "[#####-----] 5/10 solves (50%) · 2 from earlier runs · 2.0 s/solve · ETA 10s");
        assert.equal(progressLine({ total: 4, skipped: 0, ran: 0, running: 1 }, 0, 0), "0/4 solves (0%) · ETA –");
    });

    it("redraws one line on a terminal and prints plain lines at most every interval otherwise", () => {
        let now = 0;
        const tty: string[] = [];
        const live = new ProgressReporter({ isTTY: true, write: (text) => tty.push(text) }, 10_000, () => now);
        live.update({ total: 2, skipped: 0, ran: 1, running: 1 });
        live.finish();
        assert.ok(tty[0]!.startsWith("\r[") && tty[0]!.endsWith("\x1b[K"));
        assert.equal(tty[1], "\n");

        const plain: string[] = [];
        const log = new ProgressReporter({ isTTY: false, write: (text) => plain.push(text) }, 10_000, () => now);
        log.update({ total: 3, skipped: 0, ran: 0, running: 1 });
        now = 5000;
        log.update({ total: 3, skipped: 0, ran: 1, running: 1 });
        now = 11_000;
        log.update({ total: 3, skipped: 0, ran: 2, running: 1 });
        now = 12_000;
        log.update({ total: 3, skipped: 0, ran: 3, running: 0 });
        assert.equal(plain.length, 3);
        assert.ok(plain.every((line) => line.startsWith("bench: ") && line.endsWith("\n") && !line.includes("\r")));
        assert.match(plain[2]!, /3\/3 solves \(100%\)/);
    });
});
