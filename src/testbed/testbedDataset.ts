import { readJsonLines } from "../util/jsonLines";
import { ITEM_KINDS, type FactItem, type ItemKind } from "./factWorld";

/** A test bed question as the data set file holds it (`problem` is the prompt). */
export type TestbedQuestion = Pick<FactItem, "id" | "kind" | "prompt" | "answer">;

function questionProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object";
    const record = value as Record<string, unknown>;
    for (const key of ["id", "problem", "answer"]) if (typeof record[key] !== "string" || record[key] === "") return `"${key}" must be a non-empty string`;
    if (!ITEM_KINDS.includes(record.kind as ItemKind)) return `"kind" must be one of ${ITEM_KINDS.join(", ")}`;
    return undefined;
}

/** Reads the test bed's data set (`id`, `problem`, `answer`, `kind` per line), checking every line. */
export function readTestbedDataset(path: string): TestbedQuestion[] {
    return readJsonLines<Record<string, string>>(path, { check: questionProblem }).map((record) => ({
        id: record.id!,
        kind: record.kind as ItemKind,
        prompt: record.problem!,
        answer: record.answer!,
    }));
}

/** The data set file's text for `items`: one `{id, problem, answer, kind}` line each (what {@link readTestbedDataset} reads). */
export function testbedDatasetLines(items: readonly TestbedQuestion[]): string {
    return items.map((item) => JSON.stringify({ id: item.id, problem: item.prompt, answer: item.answer, kind: item.kind })).join("\n") + "\n";
}
