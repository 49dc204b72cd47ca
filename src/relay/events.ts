import type { MalformedReason } from "./callParser";
import type { TeacherErrorKind } from "./teacherErrorKinds";
import type { ResolvedMode } from "./options";
import type { RelayProtocolName } from "./presets";
import type { TeacherUsage } from "./teacher";
import type { SolveUsage } from "./usageMeter";

/** A stretch of the answer and who wrote it. Concatenated span texts equal the answer text. */
export interface RelaySpan {
    source: "student" | "teacher";
    text: string;
    /** For teacher spans: the index into `SolveResult.calls`. */
    call?: number;
}

/** What made the engine ask the teacher: a command, a low-confidence token, or teacher-only mode's one call. */
export type CallTrigger = "command" | "low-confidence" | "teacher-only";
/** Every `CallTrigger`, listed once. */
export const CALL_TRIGGERS = Object.keys({ command: 0, "low-confidence": 0, "teacher-only": 0 } satisfies Record<CallTrigger, 0>) as readonly CallTrigger[];

/** Why a requested call did not reach the teacher. */
export type CallDenial = "zero" | "teacher-free" | "no-teacher" | "teacher-unavailable" | "max-calls" | "budget" | "declined";

/** Every `CallDenial`, listed once for the readers that check stored or received values. */
export const CALL_DENIALS = Object.keys({ zero: 0, "teacher-free": 0, "no-teacher": 0, "teacher-unavailable": 0, "max-calls": 0, budget: 0, declined: 0 } satisfies Record<CallDenial, 0>) as readonly CallDenial[];

export interface CallRecord {
    trigger: CallTrigger;
    /** Tokens the student asked for (k in confidence mode). */
    requested: number;
    /** Where in the answer text the call happened (its teacher text, if any, starts here). */
    offset: number;
    /** Tokens allowed after the per-call, per-solve, ratio and global limits. */
    granted: number;
    /**
     * Output tokens the teacher is billed for: its server's count, else our student-tokenizer count of what
     * it streamed (failed calls included), never more than granted + slack (`grantSlack`).
     */
    produced: number;
    /**
     * The teacher's text kept in the answer, in student tokens (what the call ratio counts); at most `granted`,
     * unless the protocol keeps text past the grant (`teacherOverGrant: "keep"`: up to what the solve's limits allow).
     */
    producedStudentTokens: number;
    /** `timeout`: the call ran out of its total time limit; its text so far is kept and the student goes on. */
    finishReason: "stop" | "length" | "timeout" | "error" | "aborted";
    latencyMs: number;
    usage?: TeacherUsage;
    /** Set when finishReason is "error". */
    error?: string;
}

/** The limits a solve runs under, as resolved from its protocol and options. */
export interface SolveLimits {
    /** Tokens both models may generate in all (the answer limit). */
    maxTokens: number;
    maxCalls: number;
    /** Whose limits these are: ours (set by the user) or the reference protocol's own. */
    protocol: RelayProtocolName;
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
    | "aborted"
    /** The protocol's student-turn limit was reached (the reference's five turns): that turn ended the answer. */
    | "max-turns"
    /** A malformed command under a protocol where it ends the answer (the reference's "Bad <call> tag"). */
    | "malformed-command"
    /** The student's process died; the result holds the answer up to then (carried by `StudentCrashedError.partial`). */
    | "student-crashed";

/** Every `SolveStopReason`, listed once. */
export const SOLVE_STOP_REASONS = Object.keys({ eos: 0, "teacher-eos": 0, "max-tokens": 0, "teacher-error": 0, aborted: 0, "max-turns": 0, "malformed-command": 0, "student-crashed": 0 } satisfies Record<SolveStopReason, 0>) as readonly SolveStopReason[];

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
    /** What the solve ran under (as on its `start` event). */
    limits: SolveLimits;
    /** Requested calls that did not reach the teacher, by reason (zeros left out). */
    denied: Partial<Record<CallDenial, number>>;
    /** Oldest messages left out of the conversation to fit the student's context. */
    droppedMessages: number;
    /**
     * Under a protocol that grades it (`graded: "transcript"`, the reference): everything as written — commands,
     * teacher text, the reference's `[Error: …]` / `[Info: …]` line where the answer ended on one — and its
     * re-encoding with the student's tokenizer (the reference's `total_tokens`, the call ratio's denominator).
     */
    transcript?: { text: string; tokens: number };
}

/** The engine's output stream; the CLI and the webview render these. */
export type RelayEvent =
    /** `limits`: what this solve runs under, resolved (a protocol's own, or the options given): front ends name these, never their settings. */
    | { type: "start"; mode: ResolvedMode; student: string; teacher?: string; limits: SolveLimits }
    /** The oldest messages of the conversation did not fit the student's context and were left out (for the teacher too). */
    | { type: "history-truncated"; droppedMessages: number; keptMessages: number }
    | { type: "student-text"; text: string }
    | { type: "call-requested"; trigger: CallTrigger; requested: number }
    | { type: "call-denied"; requested: number; reason: CallDenial }
    | { type: "call-granted"; call: number; requested: number; granted: number }
    | { type: "teacher-text"; call: number; text: string }
    | { type: "teacher-done"; call: number; record: CallRecord }
    /** The call failed; text it streamed is not part of the answer (its tokens are still billed). */
    | { type: "teacher-error"; call: number; kind: TeacherErrorKind; message: string }
    /**
     * The teacher wrote past what the call may keep (student tokenizer): its grant, or under
     * `teacherOverGrant: "keep"` what the solve's limits allow (`granted` says which). Only the text within it is
     * kept, and when it went past that + slack the request was aborted.
     */
    | { type: "teacher-over-grant"; call: number; granted: number; receivedTokens: number; aborted: boolean }
    /** A command, stray `</call>` or half command in the teacher's text was removed from the answer and the student's context. */
    | { type: "teacher-text-sanitized"; call: number; raw: string; reason: MalformedReason | "command" }
    | { type: "malformed-command"; raw: string; reason: MalformedReason }
    /** The server's usage report for the call could not be true (`reason` says why): the call is billed at our own counts. */
    | { type: "teacher-usage-rejected"; call: number; reason: string }
    | { type: "done"; result: SolveResult };

/** Text-carrying events; everything else is a discrete event worth logging. */
export function isTextEvent(event: RelayEvent): event is Extract<RelayEvent, { type: "student-text" | "teacher-text" }> {
    return event.type === "student-text" || event.type === "teacher-text";
}
