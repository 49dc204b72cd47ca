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

/** One line that is not valid JSON. */
export class JsonLinesError extends Error {
    constructor(readonly path: string, readonly line: number, reason: string) {
        super(`${path}:${line}: ${reason}`);
        this.name = "JsonLinesError";
    }
}

/**
 * Reads every line as JSON. A bad line throws `JsonLinesError` naming it, except an unterminated last
 * line when `tolerateTornTail` is set (a write cut short by a crash), which is skipped.
 */
export function readJsonLines<T>(path: string, options: { tolerateTornTail?: boolean } = {}): T[] {
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    const values: T[] = [];
    for (const [index, line] of lines.entries()) {
        if (line.trim() === "") continue;
        try {
            values.push(JSON.parse(line) as T);
        } catch (error) {
            const isTail = index === lines.length - 1 && !text.endsWith("\n");
            if (isTail && options.tolerateTornTail) continue;
            throw new JsonLinesError(path, index + 1, `not valid JSON (${(error as Error).message})`);
        }
    }
    return values;
}
