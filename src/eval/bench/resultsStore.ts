import { appendJsonLine, openJsonLinesStore } from "../../util/jsonLines";
import { benchRecordProblem, type BenchRecord } from "./benchRecord";
import { resultKey } from "./runKey";

/** The shared torn-tail repair, under the name the bench module has always exported. */
export { repairTornTail as truncateTornTail } from "../../util/jsonLines";

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

    /**
     * Opens (or starts) a results file, repairing a line torn by a crash; a line that is not a result throws
     * a `JsonLinesError` naming it (the file is likely not a results file: nothing is guessed or dropped).
     */
    static open(path: string): ResultsStore {
        const { values, repairedBytes } = openJsonLinesStore<BenchRecord>(path, { check: benchRecordProblem });
        const store = new ResultsStore(path, repairedBytes);
        for (const record of values) store.byKey.set(resultKey(record), record);
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
