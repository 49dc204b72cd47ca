/** JSON Lines files: durable appends (usage history, benchmark results) and tolerant reads. */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
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
}

/**
 * Reads every line as JSON. A bad line throws `JsonLinesError` naming it, except an unterminated last
 * line when `tolerateTornTail` is set, which is skipped.
 */
export function readJsonLines<T>(path: string, options: ReadJsonLinesOptions = {}): T[] {
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    const values: T[] = [];
    for (const [index, line] of lines.entries()) {
        if (line.trim() === "") continue;
        let value: unknown;
        try {
            value = JSON.parse(line);
        } catch (error) {
            const isTail = index === lines.length - 1 && !text.endsWith("\n");
            if (isTail && options.tolerateTornTail) continue;
            throw new JsonLinesError(path, index + 1, `not valid JSON (${(error as Error).message})`);
        }
        const problem = options.check?.(value);
        if (problem !== undefined) throw new JsonLinesError(path, index + 1, problem);
        values.push(value as T);
    }
    return values;
}
