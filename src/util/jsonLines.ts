/** JSON Lines files: durable appends (usage history, benchmark results), crash repair and tolerant reads. */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Appends one JSON value as a line and flushes it to disk before returning, so a crash or `kill -9`
 * right after loses nothing that was appended.
 */
export function appendJsonLine(path: string, value: unknown): void {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, "a");
    try {
        writeSync(fd, JSON.stringify(value) + "\n");
        fsyncSync(fd);
    } finally {
        closeSync(fd);
    }
}

/** One line that is not valid JSON, or that a caller's `check` rejected. */
export class JsonLinesError extends Error {
    constructor(readonly path: string, readonly line: number, reason: string) {
        super(`${path}:${line}: ${reason}`);
        this.name = "JsonLinesError";
    }
}

/** Options of {@link readJsonLines}. */
export interface ReadJsonLinesOptions {
    /** Skip an unterminated last line that is not valid JSON (a write cut short by a crash). Default false. */
    tolerateTornTail?: boolean;
    /** Validates each value: returns why it is unusable (thrown as a `JsonLinesError` naming the line), or undefined. Default none. */
    check?: (value: unknown) => string | undefined;
    /** Receives each bad line instead of throwing it; the line is skipped. Default: bad lines throw. */
    onBadLine?: (error: JsonLinesError) => void;
}

/**
 * Reads every line as JSON. A bad line throws `JsonLinesError` naming it (or goes to `onBadLine` and is
 * skipped), except an unterminated last line when `tolerateTornTail` is set, which is skipped silently.
 */
export function readJsonLines<T>(path: string, options: ReadJsonLinesOptions = {}): T[] {
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    const values: T[] = [];
    const bad = (error: JsonLinesError) => {
        if (!options.onBadLine) throw error;
        options.onBadLine(error);
    };
    for (const [index, line] of lines.entries()) {
        if (line.trim() === "") continue;
        let value: unknown;
        try {
            value = JSON.parse(line);
        } catch (error) {
            const isTail = index === lines.length - 1 && !text.endsWith("\n");
            if (isTail && options.tolerateTornTail) continue;
            bad(new JsonLinesError(path, index + 1, `not valid JSON (${(error as Error).message})`));
            continue;
        }
        const problem = options.check?.(value);
        if (problem !== undefined) {
            bad(new JsonLinesError(path, index + 1, problem));
            continue;
        }
        values.push(value as T);
    }
    return values;
}

/**
 * Makes an append-only JSONL file safe to append to after a crash: an unterminated last line is cut off,
 * unless it is a whole value that `check` accepts (only the newline was lost), which gets its newline.
 * Returns the number of bytes removed (0 when nothing was torn or the file does not exist).
 */
export function repairTornTail(path: string, check?: (value: unknown) => string | undefined): number {
    if (!existsSync(path)) return 0;
    const bytes = readFileSync(path);
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return 0;
    const keep = bytes.lastIndexOf(0x0a) + 1;
    if (isWholeValue(bytes.subarray(keep).toString("utf8"), check)) {
        appendFileSync(path, "\n");
        return 0;
    }
    truncateSync(path, keep);
    return bytes.length - keep;
}

function isWholeValue(line: string, check: ((value: unknown) => string | undefined) | undefined): boolean {
    try {
        const value: unknown = JSON.parse(line);
        // A torn prefix of an object line never parses as an object; a bare number or string might.
        return typeof value === "object" && value !== null && check?.(value) === undefined;
    } catch {
        return false;
    }
}

/** What {@link openJsonLinesStore} found in a file. */
export interface JsonLinesStoreContents<T> {
    /** The valid values, oldest first. */
    values: T[];
    /** Bytes of a torn last line removed (0 normally). */
    repairedBytes: number;
}

/**
 * Opens an append-only JSONL store (usage history, benchmark results): repairs a torn tail so the next
 * append starts on a line of its own, then reads it. A missing file is an empty store. Bad lines throw a
 * `JsonLinesError` naming them, or go to `options.onBadLine` and are skipped.
 */
export function openJsonLinesStore<T>(path: string, options: Pick<ReadJsonLinesOptions, "check" | "onBadLine"> = {}): JsonLinesStoreContents<T> {
    const repairedBytes = repairTornTail(path, options.check);
    const values = existsSync(path) ? readJsonLines<T>(path, options) : [];
    return { values, repairedBytes };
}
