import { readFileSync, writeFileSync } from "node:fs";

/** `DIR/manifest.json`: what a bench on the test bed needs. Paths are absolute. */
export interface TestbedManifest {
    teacher: string;
    student: string;
    /** A student trained to write `<call>` on this test bed; null until the training issue fills it. */
    trainedStudent: string | null;
    /** Bench JSONL: `id`, `problem`, `answer`, `kind`. */
    dataset: string;
    /** The grading mode for the data set. */
    grader: "exact";
}

/** Why a parsed value is not a manifest, or undefined. */
function manifestProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object";
    const record = value as Record<string, unknown>;
    for (const key of ["teacher", "student", "dataset"]) {
        if (typeof record[key] !== "string" || record[key] === "") return `"${key}" must be a non-empty string`;
    }
    if (record.trainedStudent !== null && typeof record.trainedStudent !== "string") return '"trainedStudent" must be a path or null';
    if (record.grader !== "exact") return '"grader" must be "exact"';
    return undefined;
}

/** Reads and checks a manifest; throws naming the file and the first problem. */
export function readTestbedManifest(path: string): TestbedManifest {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    const problem = manifestProblem(value);
    if (problem) throw new Error(`${path}: ${problem}`);
    const record = value as TestbedManifest;
    return { teacher: record.teacher, student: record.student, trainedStudent: record.trainedStudent, dataset: record.dataset, grader: record.grader };
}

export function writeTestbedManifest(path: string, manifest: TestbedManifest): void {
    writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
}
