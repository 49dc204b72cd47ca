/** Small schema parts the protocol's schemas share (valibot). */
import * as v from "valibot";

export type { Same } from "../relay/sameType";

/** A non-negative integer. */
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A positive integer. */
export const positiveCount = v.pipe(v.number(), v.integer(), v.minValue(1));
/** A number that reads as 0 when it is missing or not finite. */
export const finiteOrZero = v.fallback(v.pipe(v.number(), v.finite()), 0);

/** An optional field that is dropped, not fatal, when malformed. */
export function dropIfMalformed<const TSchema extends v.GenericSchema>(schema: TSchema) {
    return v.fallback(v.optional(schema), undefined);
}

/** Removes the keys a dropped field left as `undefined`, so a read object has only what was well formed. */
export function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** A list whose malformed entries are left out (the list itself must be an array). */
export function listOfWellFormed<const TSchema extends v.GenericSchema>(schema: TSchema) {
    return v.pipe(
        v.array(v.unknown()),
        v.transform((entries) => entries.flatMap((entry): v.InferOutput<TSchema>[] => {
            const parsed = v.safeParse(schema, entry);
            return parsed.success ? [parsed.output] : [];
        })),
    );
}

/** A function returning the parsed value, or undefined when `value` does not match `schema`. */
export function reader<const TSchema extends v.GenericSchema>(schema: TSchema): (value: unknown) => v.InferOutput<TSchema> | undefined {
    return (value) => {
        const parsed = v.safeParse(schema, value);
        return parsed.success ? parsed.output : undefined;
    };
}
