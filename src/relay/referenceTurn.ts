/**
 * How the reference evaluation loop (eval/generate_withhelp.py @ 7ca9084) reads a student turn and builds the
 * teacher's prompt, in its own regex dialect: Python's `re` on `str`, where `\s` is any character for which
 * `str.isspace()` holds and `\d` any Unicode decimal digit, which `int()` reads at its value.
 */

import type { SolveStopReason } from "./events";

/** Python's `str.isspace()` set (it differs from JavaScript's `\s`: \x1c-\x1f and \x85 in, \ufeff out). */
const PY_SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** `call_tag_pattern`: the commands the reference takes out of the teacher's prompt. */
const WHOLE_COMMAND = new RegExp(`<call>${PY_SPACE}*\\p{Nd}+${PY_SPACE}*</call>`, "gu");
/** `re.search(r"<call>\s*(\d+)", turn)`: the count a turn asks for, whatever follows it. */
const FIRST_COUNT = new RegExp(`<call>${PY_SPACE}*(\\p{Nd}+)`, "u");
const EDGES = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "gu");
const DECIMAL_DIGIT = /\p{Nd}/u;

/** What one student turn asks for, read whole. */
export type ReferenceTurn =
    /** No `<call>` in the turn. */
    | { kind: "no-command" }
    /** `<call>` without a count after it: the reference's "Bad <call> tag". */
    | { kind: "bad-command" }
    | { kind: "command"; requested: number };

export function readReferenceTurn(turn: string): ReferenceTurn {
    if (!turn.includes("<call>")) return { kind: "no-command" };
    const match = FIRST_COUNT.exec(turn);
    return match ? { kind: "command", requested: pythonInt(match[1]!) } : { kind: "bad-command" };
}

/** What the reference does after a student turn: end the answer (with the note its transcript then carries), or ask for a count. */
export type WholeTurnDecision = { end: SolveStopReason; note?: string } | { call: number };

/**
 * The reference's reading of a finished student turn, in its order: a turn that ended without `<call>`, or
 * the last turn allowed, ends the answer; then the first count after `<call>` is the request, whatever text
 * follows it; `<call>` with no count ends the answer, and so does a count with no tokens left.
 */
export function decideWholeTurn(turn: string, stop: "stop-string" | "eos" | "max-tokens", lastTurn: boolean, tokensLeft: number, maxTokens: number): WholeTurnDecision {
    const asked = readReferenceTurn(turn);
    const endedPlainly = stop !== "max-tokens" && asked.kind === "no-command";
    // A turn that stopped at `</call>` with no `<call>` in it ended on a stray close tag.
    if (endedPlainly) return { end: stop === "eos" ? "eos" : "malformed-command" };
    if (lastTurn) return { end: stop === "eos" ? "eos" : stop === "max-tokens" ? "max-tokens" : "max-turns" };
    if (asked.kind === "bad-command") return { end: "malformed-command", note: "\n[Error: Bad <call> tag]" };
    // The token limit with no command: the reference's next turn finds no tokens left.
    if (asked.kind === "no-command") return tokensLeft <= 0 ? { end: "max-tokens", note: `\n[Error: Reached GLOBAL_MAX_TOKENS (${maxTokens})]` } : { end: "max-tokens" };
    if (tokensLeft <= 0) return { end: "max-tokens", note: "\n[Error: Limit Reached]" };
    return { call: asked.requested };
}

/** `re.sub(call_tag_pattern, " ", solution).strip()`: what the teacher continues after the prompt. */
export function referenceTeacherView(transcript: string): string {
    return transcript.replace(WHOLE_COMMAND, " ").replace(EDGES, "");
}

/**
 * `int()` of a run of decimal digits (any script). Counts past 2^53 become MAX_SAFE_INTEGER: the grant is the
 * smaller of the count and the tokens left, so nothing reads the difference.
 */
export function pythonInt(digits: string): number {
    let value = 0;
    for (const digit of digits) {
        value = value * 10 + digitValue(digit);
        if (value > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
    return value;
}

/** Unicode keeps each script's digits 0-9 contiguous, zero first: the value is the distance from that zero. */
function digitValue(digit: string): number {
    const code = digit.codePointAt(0)!;
    let start = code;
    // Runs of several scripts' digits may adjoin (the mathematical digits are five runs of ten in a row).
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    return (code - start) % 10;
}
