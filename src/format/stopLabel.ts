import type { SolveStopReason } from "../relay/events";

/** How a solve ended, in a word or two for tables (the stop reasons are the engine's identifiers). */
const LABELS: Readonly<Record<SolveStopReason, string>> = {
    eos: "finished",
    "teacher-eos": "finished by the teacher",
    "max-tokens": "answer limit",
    "teacher-error": "teacher failed",
    aborted: "stopped",
    "max-turns": "turn limit",
    "malformed-command": "bad command",
    "student-crashed": "student crashed",
};

/** The label, or the stored value itself for a reason this version does not know. */
export function stopLabel(reason: string): string {
    return (LABELS as Record<string, string>)[reason] ?? reason;
}
