/** The engine's error hierarchy; callers branch on classes and `kind`, never on message text. */
import { redactSecrets } from "./redactCredentials";
import type { TeacherErrorKind } from "./teacherErrorKinds";

/** Base class: its message never carries URL credentials, bearer tokens or a registered key (redacted here, once for all subclasses). */
export class RelayError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(redactSecrets(message), options);
        this.name = new.target.name;
    }
}

/**
 * An object was used in a state that does not allow it (a disposed student or session, a session the worker
 * does not have): a bug of ours or of a caller, never something a setting fixes, so it is no `ConfigError`
 * (the CLI exits 1, not with the usage code 2, and no "Open Settings" is offered).
 */
export class StateError extends RelayError {}

/** The student model could not be found or loaded (missing file, bad GGUF, offline `hf:` download). */
export class ModelLoadError extends RelayError {}

export { TEACHER_ERROR_KINDS, type TeacherErrorKind } from "./teacherErrorKinds";

/** A teacher call failed; `kind` says how. The relay loop turns it into a `teacher-error` event. */
export class TeacherRequestError extends RelayError {
    /** How long the server asked us to wait before retrying (its `Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number;

    constructor(message: string, readonly kind: TeacherErrorKind, readonly status?: number, options?: { cause?: unknown; retryAfterMs?: number }) {
        super(message, options);
        if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    }
}

/** Options that cannot work together or values out of range. */
export class ConfigError extends RelayError {}

/** The solve was cancelled through its AbortSignal. */
export class AbortError extends RelayError {}

/** True for errors that mean "cancelled", whichever library threw them. */
export function isAbortError(error: unknown): boolean {
    return error instanceof AbortError || (error instanceof Error && error.name === "AbortError");
}
