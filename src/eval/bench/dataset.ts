import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import * as v from "valibot";
import { JsonLinesError, readJsonLines } from "../../util/jsonLines";
import { describedObject, parseOrProblem } from "../../util/schema";

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

const nonEmpty = (value: string) => value.trim() !== "";
const badAnswer = '"answer" must be a non-empty string or a number';

/** One line of a data set file, before ids are assigned. */
const datasetRecordSchema = describedObject(
    {
        problem: v.pipe(v.string('"problem" must be a non-empty string'), v.check(nonEmpty, '"problem" must be a non-empty string')),
        answer: v.union([v.pipe(v.string(), v.check(nonEmpty, badAnswer)), v.pipe(v.number(), v.finite(badAnswer))], badAnswer),
        id: v.optional(v.union([v.string(), v.number()], '"id" must be a string or a number')),
        kind: v.optional(v.pipe(v.string('"kind" must be a non-empty string'), v.minLength(1, '"kind" must be a non-empty string'))),
    },
    'expected a JSON object with "problem" and "answer"',
);
/**
 * Reads a data set: JSON Lines with `problem` and `answer` (and optionally `id`). The whole file is checked;
 * the first bad record throws a DatasetError naming its line. `limit` keeps the first N problems.
 */
export function loadDataset(path: string, limit?: number): BenchItem[] {
    const seen = new Set<string>();
    const items: BenchItem[] = [];
    // Records are checked in order, so `seen` catches duplicate ids and the first bad line is the one reported.
    const check = (value: unknown): string | undefined => {
        const parsed = parseOrProblem(datasetRecordSchema, value);
        if (parsed.problem !== undefined) return parsed.problem;
        const record = parsed.output;
        const id = record.id === undefined ? `item-${items.length + 1}` : String(record.id);
        if (seen.has(id)) return `duplicate id "${id}"`;
        seen.add(id);
        items.push({ id, problem: record.problem, answer: String(record.answer), ...(record.kind !== undefined ? { kind: record.kind } : {}) });
        return undefined;
    };
    try {
        readJsonLines(path, { check });
    } catch (error) {
        if (error instanceof JsonLinesError) throw new DatasetError(`data set ${error.message}`, { cause: error });
        throw new DatasetError(`cannot read data set ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    if (items.length === 0) throw new DatasetError(`data set ${path} has no records`);
    return limit === undefined ? items : items.slice(0, limit);
}
