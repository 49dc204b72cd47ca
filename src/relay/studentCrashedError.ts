import { RelayError } from "./errors";
import type { SolveResult } from "./events";

/**
 * The student's worker process died (native crash, out of memory); the next solve starts a new one. Thrown
 * out of a solve, it carries the answer up to the crash as `partial` (stop reason `student-crashed`). Apart from
 * errors.ts, which the types of events.ts reach, so that no import runs in a circle.
 */
export class StudentCrashedError extends RelayError {
    partial?: SolveResult;
}
