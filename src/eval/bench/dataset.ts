import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { JsonLinesError, readJsonLines } from "../../util/jsonLines";

/** One benchmark problem. */
export interface BenchItem {
    /** The record's `id`; `item-<n>` (1-based record number) when the file has none. */
    id: string;
    /** The question, without any prompt template. */
    problem: string;
    /** The reference final answer the grader compares with. */
    answer: string;
    /** The record's `kind` (the test bed's item kinds), when it has one: results are also summarized per kind. */
    kind?: string;
}

/** The data sets the paper reports, as normalized files in `<shared>/data/<name>.jsonl`. */
export const SHARED_DATASETS = ["gsm8k", "math500", "minerva_math", "olympiadbench", "aime24", "aime25"] as const;

/** A data set that cannot be found or read; the message names the file and, for a bad record, its line. */
export class DatasetError extends Error {
    override name = "DatasetError";
}

/**
 * Finds a data set: an existing file path as given, else `<sharedDir>/data/<name>.jsonl` for a bare name.
 * @param sharedDir the shared folder (`RELAYLLM_SHARED_DIR`, or `../shared` beside the project)
 */
export function resolveDataset(nameOrPath: string, sharedDir: string): string {
    if (existsSync(nameOrPath)) return resolve(nameOrPath);
    const isName = /^[\w.-]+$/.test(nameOrPath) && !nameOrPath.endsWith(".jsonl");
    if (isName) {
        const shared = join(sharedDir, "data", `${nameOrPath}.jsonl`);
        if (existsSync(shared)) return shared;
        throw new DatasetError(`no data set "${nameOrPath}" in ${join(sharedDir, "data")} (known: ${SHARED_DATASETS.join(", ")}; set RELAYLLM_SHARED_DIR or pass a JSONL path)`);
    }
    throw new DatasetError(`data set file ${resolve(nameOrPath)} does not exist`);
}

/** A short name for reports: the file name without `.jsonl`. */
export function datasetName(path: string): string {
    return basename(path).replace(/\.jsonl$/, "");
}

/** Why a record is unusable, or undefined. Records are checked in order, so `seen` catches duplicate ids. */
function recordProblem(value: unknown, ordinal: number, seen: Set<string>): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object with \"problem\" and \"answer\"";
    const record = value as Record<string, unknown>;
    if (typeof record.problem !== "string" || record.problem.trim() === "") return "\"problem\" must be a non-empty string";
    const answer = record.answer;
    if (!(typeof answer === "string" && answer.trim() !== "") && !(typeof answer === "number" && Number.isFinite(answer))) return "\"answer\" must be a non-empty string or a number";
    if (record.id !== undefined && typeof record.id !== "string" && typeof record.id !== "number") return "\"id\" must be a string or a number";
    if (record.kind !== undefined && (typeof record.kind !== "string" || record.kind === "")) return "\"kind\" must be a non-empty string";
    const id = record.id === undefined ? `item-${ordinal}` : String(record.id);
    if (seen.has(id)) return `duplicate id "${id}"`;
    seen.add(id);
    return undefined;
}

/**
 * Reads a data set: JSON Lines with `problem` and `answer` (and optionally `id`). The whole file is checked;
 * the first bad record throws a DatasetError naming its line. `limit` keeps the first N problems.
 */
export function loadDataset(path: string, limit?: number): BenchItem[] {
    const seen = new Set<string>();
    let ordinal = 0;
    let records: Record<string, unknown>[];
    try {
        records = readJsonLines<Record<string, unknown>>(path, { check: (value) => recordProblem(value, ++ordinal, seen) });
    } catch (error) {
        if (error instanceof JsonLinesError) throw new DatasetError(`data set ${error.message}`, { cause: error });
        throw new DatasetError(`cannot read data set ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    if (records.length === 0) throw new DatasetError(`data set ${path} has no records`);
    const items = records.map((record, index) => ({
        id: record.id === undefined ? `item-${index + 1}` : String(record.id),
        problem: record.problem as string,
        answer: String(record.answer),
        ...(typeof record.kind === "string" ? { kind: record.kind } : {}),
    }));
    return limit === undefined ? items : items.slice(0, limit);
}
