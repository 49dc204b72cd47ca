import { readJsonLines } from "../util/jsonLines";
import { GAP_SOURCES, ITEM_KINDS, SPLITS, type FactItem, type GapSource, type ItemKind, type Split } from "./factWorld";

/** A test bed question as the data set file holds it (`problem` is the prompt). */
export type TestbedQuestion = Pick<FactItem, "id" | "kind" | "gap" | "split" | "prompt" | "answer">;

function questionProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object";
    const record = value as Record<string, unknown>;
    for (const key of ["id", "problem", "answer"]) if (typeof record[key] !== "string" || record[key] === "") return `"${key}" must be a non-empty string`;
    if (!ITEM_KINDS.includes(record.kind as ItemKind)) return `"kind" must be one of ${ITEM_KINDS.join(", ")}`;
    if (!SPLITS.includes(record.split as Split)) return `"split" must be one of ${SPLITS.join(", ")}`;
    if (record.gap !== null && !GAP_SOURCES.includes(record.gap as GapSource)) return `"gap" must be null or one of ${GAP_SOURCES.join(", ")}`;
    if ((record.gap !== null) !== (record.kind === "teacher-dependent")) return `"gap" is set exactly for teacher-dependent items`;
    return undefined;
}

/** Reads the test bed's data set (`id`, `problem`, `answer`, `kind`, `gap`, `split` per line), checking every line. */
export function readTestbedDataset(path: string): TestbedQuestion[] {
    return readJsonLines<Record<string, string>>(path, { check: questionProblem }).map((record) => ({
        id: record.id!,
        kind: record.kind as ItemKind,
        gap: (record.gap ?? null) as GapSource | null,
        split: record.split as Split,
        prompt: record.problem!,
        answer: record.answer!,
    }));
}

/** The data set file's text for `items`: one `{id, problem, answer, kind, gap, split}` line each (what {@link readTestbedDataset} reads). */
export function testbedDatasetLines(items: readonly TestbedQuestion[]): string {
    return items.map((item) => JSON.stringify({ id: item.id, problem: item.prompt, answer: item.answer, kind: item.kind, gap: item.gap, split: item.split })).join("\n") + "\n";
}
