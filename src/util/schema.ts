/** Schema helpers for the files and inputs the CLI and the benchmark read, where each problem is reported in words. */
import * as v from "valibot";

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An object schema whose every problem reads in the field's own words: valibot reports a missing key with the
 * object's message, so missing fields are read as `undefined` and each field's schema (and message) judges them.
 */
export function describedObject<const TEntries extends v.ObjectEntries>(entries: TEntries, notAnObject: string) {
    const absent = Object.fromEntries(Object.keys(entries).map((key) => [key, undefined]));
    return v.pipe(
        v.custom<Record<string, unknown>>(isRecord, notAnObject),
        v.transform((value) => ({ ...absent, ...value })),
        v.object(entries),
    );
}

/** The parsed value, or why `value` does not match `schema` (its first issue's message). */
export function parseOrProblem<const TSchema extends v.GenericSchema>(schema: TSchema, value: unknown): { output: v.InferOutput<TSchema>; problem?: undefined } | { problem: string } {
    const parsed = v.safeParse(schema, value, { abortEarly: true });
    return parsed.success ? { output: parsed.output } : { problem: parsed.issues[0].message };
}

/** Why `value` does not match `schema` (its first issue's message), or undefined when it does. */
export function schemaProblem(schema: v.GenericSchema, value: unknown): string | undefined {
    return parseOrProblem(schema, value).problem;
}
