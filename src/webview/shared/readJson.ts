/** Guards for data received from the host, shared by the views' payload readers. */

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a finite number, else 0. */
export function finiteOrZero(value: unknown): number {
    return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
