// The shared JSONL store helper and the usage history file: torn tails left by a crash, corrupt lines,
// unreadable files. No models needed.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { UsageHistoryFile, usageRecordProblem } from "../../src/extension/usageHistoryFile";
import type { UsageRecord } from "../../src/protocol/messages";
import { appendJsonLine, JsonLinesError, openJsonLinesStore, repairTornTail } from "../../src/util/jsonLines";

function tempFile(name = "store.jsonl"): string {
    return join(mkdtempSync(join(tmpdir(), "relayllm-jsonl-")), name);
}

function record(at: number, costUSD = 0.5): UsageRecord {
    return {
        at,
        mode: "confidence",
        stopReason: "eos",
        studentTokens: 10,
        teacherTokens: 2,
        teacherOutputTokens: 2,
        teacherPromptTokens: 30,
        teacherCachedPromptTokens: 0,
        calls: 1,
        callRatio: 2 / 12,
        costUSD,
        teacherOnlyCostUSD: 1,
    } as UsageRecord;
}

function line(value: unknown): string {
    return JSON.stringify(value) + "\n";
}

describe("repairTornTail", () => {
    it("cuts an unterminated partial line so the next append starts on its own line", () => {
        const path = tempFile();
        writeFileSync(path, '{"a":1}\n{"b":');
        assert.equal(repairTornTail(path), 5);
        appendJsonLine(path, { c: 3 });
        assert.equal(readFileSync(path, "utf8"), '{"a":1}\n{"c":3}\n');
    });

    it("keeps a whole last value that only lost its newline", () => {
        const path = tempFile();
        writeFileSync(path, '{"a":1}\n{"b":2}');
        assert.equal(repairTornTail(path), 0);
        assert.equal(readFileSync(path, "utf8"), '{"a":1}\n{"b":2}\n');
    });

    it("cuts a whole last value the check rejects, and a bare number that may be a torn prefix", () => {
        const path = tempFile();
        writeFileSync(path, '{"a":1}\n{"b":2}');
        assert.equal(repairTornTail(path, (value) => ("a" in (value as object) ? undefined : "no a")), 7);
        writeFileSync(path, '{"a":1}\n12');
        assert.equal(repairTornTail(path), 2);
        assert.equal(readFileSync(path, "utf8"), '{"a":1}\n');
    });

    it("leaves intact and missing files alone", () => {
        const path = tempFile();
        assert.equal(repairTornTail(path), 0);
        writeFileSync(path, '{"a":1}\n');
        assert.equal(repairTornTail(path), 0);
        assert.equal(readFileSync(path, "utf8"), '{"a":1}\n');
    });
});

describe("openJsonLinesStore", () => {
    it("throws a JsonLinesError naming a corrupt line unless onBadLine takes it", () => {
        const path = tempFile();
        writeFileSync(path, '{"a":1}\n{"a":2}{"a":3}\n{"a":4}\n');
        assert.throws(() => openJsonLinesStore(path), (error: unknown) => error instanceof JsonLinesError && error.line === 2);
        const bad: number[] = [];
        const { values } = openJsonLinesStore<{ a: number }>(path, { onBadLine: (error) => bad.push(error.line) });
        assert.deepEqual(values.map((value) => value.a), [1, 4]);
        assert.deepEqual(bad, [2]);
    });

    it("a missing file is an empty store", () => {
        assert.deepEqual(openJsonLinesStore(tempFile()), { values: [], repairedBytes: 0 });
    });
});

describe("the usage history file", () => {
    it("after a crash tore the last line: earlier records load, the next append is readable, one warning", () => {
        const path = tempFile("usage.jsonl");
        writeFileSync(path, line(record(1)) + line(record(2)) + JSON.stringify(record(3)).slice(0, 40));
        const warnings: string[] = [];
        const history = new UsageHistoryFile(path, (message) => warnings.push(message));
        assert.deepEqual(history.open().map((value) => value.at), [1, 2]);
        assert.equal(warnings.length, 1);
        assert.match(warnings[0]!, /removed an unfinished last line \(40 bytes\)/);
        assert.equal(history.append(record(4)), true);
        const reopened: string[] = [];
        assert.deepEqual(new UsageHistoryFile(path, (message) => reopened.push(message)).open().map((value) => value.at), [1, 2, 4]);
        assert.deepEqual(reopened, []);
    });

    it("skips a corrupt line (two records glued together, or not a record) with a warning naming it", () => {
        const path = tempFile("usage.jsonl");
        const glued = JSON.stringify(record(2)).slice(0, 30) + JSON.stringify(record(3));
        writeFileSync(path, line(record(1)) + glued + "\n" + line({ at: "yesterday" }) + line(record(5)));
        const warnings: string[] = [];
        assert.deepEqual(new UsageHistoryFile(path, (message) => warnings.push(message)).open().map((value) => value.at), [1, 5]);
        assert.equal(warnings.length, 2);
        assert.match(warnings[0]!, /usage\.jsonl:2: not valid JSON .*line skipped/);
        assert.match(warnings[1]!, /usage\.jsonl:3: "at" must be a number >= 0: line skipped/);
    });

    it("an unreadable history (a directory in its place) gives an empty history and a warning, never a throw", () => {
        const path = tempFile("usage.jsonl");
        mkdirSync(path);
        const warnings: string[] = [];
        const history = new UsageHistoryFile(path, (message) => warnings.push(message));
        assert.deepEqual(history.open(), []);
        assert.equal(history.append(record(1)), false);
        assert.equal(warnings.length, 2);
        assert.match(warnings[0]!, /cannot be read .*starting with an empty history/);
        assert.match(warnings[1]!, /could not be saved/);
    });

    it("a record written before failedCalls existed reads back with failedCalls 0", () => {
        const path = tempFile("usage.jsonl");
        writeFileSync(path, line(record(1)) + line({ ...record(2), failedCalls: 2 }));
        assert.deepEqual(new UsageHistoryFile(path, assert.fail).open().map((value) => value.failedCalls), [0, 2]);
    });

    it("validates records read back: extra fields are fine, missing or negative numbers are not", () => {
        assert.equal(usageRecordProblem({ ...record(1), failedCalls: 1 }), undefined);
        assert.equal(usageRecordProblem({ ...record(1), costUSD: -1 }), '"costUSD" must be a number >= 0');
        assert.equal(usageRecordProblem({ ...record(1), mode: 3 }), '"mode" must be a string');
        assert.equal(usageRecordProblem([]), "not a JSON object");
    });
});
