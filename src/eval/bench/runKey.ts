import { createHash } from "node:crypto";
import type { ResolvedRelayOptions } from "../../relay";
import type { RunMode } from "./benchModes";

/** What identifies the models of a run; a result made with other models is not reused. */
export interface ModelIdentity {
    /** The student as given (`.gguf` path made absolute, or an `hf:` URI). */
    student: string;
    /** The teacher's base URL, model name and API style; absent without a teacher. */
    teacher?: { url: string; model: string; api: string };
}

/** The engine settings a result depends on: resolved options, so an explicit default equals an omitted one. */
export type FingerprintOptions = Pick<
    ResolvedRelayOptions,
    "protocol" | "maxTokens" | "temperature" | "teacherTemperature" | "seed" | "grammar" | "maxCalls" | "maxCallTokens" | "maxTeacherTokensPerSolve" | "maxCallRatio" | "confidence"
>;

function shortHash(value: unknown): string {
    return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/**
 * Fingerprint of the settings that can change a result of `mode`, and only those: a student-only result
 * ignores the teacher and the call limits, a teacher-only one the call limits. Threads, GPU, concurrency and
 * prices are left out (cost is priced when the table is made).
 */
export function configFingerprint(mode: RunMode, models: ModelIdentity, options: FingerprintOptions): string {
    const grammar = options.grammar === undefined ? null : shortHash(options.grammar);
    const parts: Record<string, unknown> = { mode, student: models.student, maxTokens: options.maxTokens, temperature: options.temperature, seed: options.seed ?? null, grammar };
    // Our protocol adds nothing, so results stored before protocols existed keep their keys. The reference's
    // second reading (each turn read whole, the transcript graded and counted) does not reuse the first's results.
    if (options.protocol !== "relay") parts.protocol = options.protocol === "reference" ? "reference@2" : options.protocol;
    if (mode !== "student-only") Object.assign(parts, { teacher: models.teacher ?? null, teacherTemperature: options.teacherTemperature });
    if (mode === "relay" || mode === "confidence") {
        Object.assign(parts, { maxCalls: options.maxCalls, maxCallTokens: options.maxCallTokens, maxTeacherTokensPerSolve: options.maxTeacherTokensPerSolve, maxCallRatio: options.maxCallRatio });
    }
    if (mode === "confidence") parts.confidence = options.confidence;
    return shortHash(parts);
}

/** Fingerprint of one problem as run: its full prompt and its reference answer. */
export function itemFingerprint(prompt: string, answer: string): string {
    return shortHash([prompt, answer]);
}

/** The fields that identify one result. */
export interface ResultKeyParts {
    mode: RunMode;
    id: string;
    repeat: number;
    config: string;
    item: string;
}

/** The resume key: a stored result with the same key is this result. */
export function resultKey(parts: ResultKeyParts): string {
    return JSON.stringify([parts.mode, parts.id, parts.repeat, parts.config, parts.item]);
}
