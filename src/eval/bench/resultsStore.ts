import { existsSync, readFileSync, truncateSync } from "node:fs";
import { appendJsonLine, readJsonLines } from "../../util/jsonLines";
import { benchRecordProblem, type BenchRecord } from "./benchRecord";
import { resultKey } from "./runKey";

/**
 * Cuts off an unterminated last line (an append cut short by a crash), so the next append starts on a line
 * of its own. Returns the number of bytes removed.
 */
export function truncateTornTail(path: string): number {
    if (!existsSync(path)) return 0;
    const bytes = readFileSync(path);
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return 0;
    const keep = bytes.lastIndexOf(0x0a) + 1;
    truncateSync(path, keep);
    return bytes.length - keep;
}

/**
 * The results file of a benchmark output folder: every finished solve, one JSON line each, appended (and
 * flushed to disk) as it finishes. When a key occurs more than once, the last line wins.
 */
export class ResultsStore {
    private readonly byKey = new Map<string, BenchRecord>();

    private constructor(
        /** The JSONL file. */
        readonly path: string,
        /** Bytes of a torn last line removed when the file was opened (0 normally). */
        readonly repairedBytes: number,
    ) {}

    /** Opens (or starts) a results file; a line that is not a result throws a `JsonLinesError` naming it. */
    static open(path: string): ResultsStore {
        const store = new ResultsStore(path, truncateTornTail(path));
        if (existsSync(path)) {
            for (const record of readJsonLines<BenchRecord>(path, { check: benchRecordProblem })) store.byKey.set(resultKey(record), record);
        }
        return store;
    }

    get(key: string): BenchRecord | undefined {
        return this.byKey.get(key);
    }

    /** The keys of the stored results (one per key). */
    keys(): IterableIterator<string> {
        return this.byKey.keys();
    }

    /** Writes a result durably before returning. */
    append(record: BenchRecord): void {
        appendJsonLine(this.path, record);
        this.byKey.set(resultKey(record), record);
    }
}
