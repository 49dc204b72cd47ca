import type { MalformedReason } from "./callParser";
import type { TeacherErrorKind } from "./errors";
import type { ResolvedMode } from "./options";
import type { TeacherUsage } from "./teacher";
import type { SolveUsage } from "./usageMeter";

/** A stretch of the answer and who wrote it. Concatenated span texts equal the answer text. */
export interface RelaySpan {
    source: "student" | "teacher";
    text: string;
    /** For teacher spans: the index into `SolveResult.calls`. */
    call?: number;
}

/** What made the engine ask the teacher. */
export type CallTrigger = "command" | "low-confidence";

/** Why a requested call did not reach the teacher. */
export type CallDenial = "zero" | "teacher-free" | "no-teacher" | "teacher-unavailable" | "max-calls" | "budget";

export interface CallRecord {
    trigger: CallTrigger;
    /** Tokens the student asked for (k in confidence mode). */
    requested: number;
    /** Where in the answer text the call happened (its teacher text, if any, starts here). */
    offset: number;
    /** Tokens allowed after the per-call, per-solve, ratio and global limits. */
    granted: number;
    /** Tokens the teacher wrote (its server's count; the student-tokenizer count when unreported). */
    produced: number;
    /** The teacher's text in student tokens (what the call ratio counts). */
    producedStudentTokens: number;
    finishReason: "stop" | "length" | "error" | "aborted";
    latencyMs: number;
    usage?: TeacherUsage;
    /** Set when finishReason is "error". */
    error?: string;
}

/** How the solve ended. */
export type SolveStopReason =
    /** The student ended its answer. */
    | "eos"
    /** The teacher ended the answer (end of sequence during a call), as in the reference. */
    | "teacher-eos"
    /** The global token limit (or the student's context) was reached. */
    | "max-tokens"
    /** Teacher-only mode and the teacher failed. */
    | "teacher-error"
    | "aborted";

export interface SolveResult {
    mode: ResolvedMode;
    /** Exactly the text the student was given: the conversation after its chat template (special tokens written out, BOS left out). */
    templatedPrompt: string;
    /** The answer, every command removed. */
    text: string;
    spans: RelaySpan[];
    calls: CallRecord[];
    usage: SolveUsage;
    stopReason: SolveStopReason;
}

/** The engine's output stream; the CLI and the webview render these. */
export type RelayEvent =
    | { type: "start"; mode: ResolvedMode; student: string; teacher?: string }
    /** The oldest messages of the conversation did not fit the student's context and were left out (for the teacher too). */
    | { type: "history-truncated"; droppedMessages: number; keptMessages: number }
    | { type: "student-text"; text: string }
    | { type: "call-requested"; trigger: CallTrigger; requested: number }
    | { type: "call-denied"; requested: number; reason: CallDenial }
    | { type: "call-granted"; call: number; requested: number; granted: number }
    | { type: "teacher-text"; call: number; text: string }
    | { type: "teacher-done"; call: number; record: CallRecord }
    | { type: "teacher-error"; call: number; kind: TeacherErrorKind; message: string }
    | { type: "malformed-command"; raw: string; reason: MalformedReason }
    | { type: "usage"; usage: SolveUsage }
    | { type: "done"; result: SolveResult };

/** Text-carrying events; everything else is a discrete event worth logging. */
export function isTextEvent(event: RelayEvent): event is Extract<RelayEvent, { type: "student-text" | "teacher-text" }> {
    return event.type === "student-text" || event.type === "teacher-text";
}
