import type { CallRecord } from "../../relay/events";

/** What is known of a call: while it streams only the grant, once done the whole record. */
export type CallInfo = Partial<CallRecord>;

const TRIGGERS: Record<CallRecord["trigger"], string> = { command: "asked by the student", "low-confidence": "low confidence", "teacher-only": "teacher-only mode" };

function seconds(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * One line describing a teacher call, for the view's hover: "Teacher call 2 (low confidence): requested 32 ·
 * granted 32 · produced 28 teacher tokens (31 in the student's tokenizer) · 812 ms". `index` is the call's index in the solve (shown 1-based).
 */
export function describeCall(index: number, call: CallInfo | undefined): string {
    const trigger = call?.trigger ? ` (${TRIGGERS[call.trigger] ?? call.trigger})` : "";
    const parts: string[] = [];
    if (typeof call?.requested === "number") parts.push(`requested ${call.requested}`);
    if (typeof call?.granted === "number") parts.push(`granted ${call.granted}`);
    const done = call?.finishReason !== undefined && typeof call.latencyMs === "number";
    if (!done) parts.push("writing…");
    else {
        // The server bills its own tokens; the call ratio counts the same text in the student's tokenizer.
        parts.push(`produced ${call.produced ?? 0} teacher tokens (${call.producedStudentTokens ?? 0} in the student's tokenizer)`);
        parts.push(seconds(call.latencyMs!));
        if (call.finishReason === "length") parts.push("stopped at the grant");
        if (call.finishReason === "timeout") parts.push("stopped at its time limit");
        if (call.finishReason === "aborted") parts.push("stopped");
        if (call.finishReason === "error") parts.push(`failed${call.error ? `: ${call.error}` : ""}`);
    }
    return `Teacher call ${index + 1}${trigger}: ${parts.join(" · ")}`;
}
