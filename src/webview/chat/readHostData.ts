import type { CallRecord, RelaySpan, SolveResult } from "../../relay/events";
import type { SolveUsage } from "../../relay/usageMeter";
import type { ChatSettings, ChatTurn } from "../../protocol/messages";
import { RELAY_MODES } from "../../relay/options";
import { finiteOrZero, isRecord } from "../shared/readJson";

// `parseHostMessage` checks a message's type and the fields it dereferences; these check the nested data the
// chat reads, so a malformed payload is dropped instead of throwing halfway through an update.

/** The spans when every one has a known source and string text; undefined otherwise. */
export function readSpans(value: unknown): RelaySpan[] | undefined {
    if (!Array.isArray(value)) return undefined;
    const spans: RelaySpan[] = [];
    for (const span of value) {
        if (!isRecord(span) || (span.source !== "student" && span.source !== "teacher") || typeof span.text !== "string") return undefined;
        spans.push(typeof span.call === "number" && Number.isInteger(span.call) && span.call >= 0 ? { source: span.source, text: span.text, call: span.call } : { source: span.source, text: span.text });
    }
    return spans;
}

/** A call record with its numbers checked (missing ones read as 0); undefined when not an object. */
export function readCall(value: unknown): Partial<CallRecord> | undefined {
    if (!isRecord(value)) return undefined;
    const call: Partial<CallRecord> = { requested: finiteOrZero(value.requested), granted: finiteOrZero(value.granted), produced: finiteOrZero(value.produced), producedStudentTokens: finiteOrZero(value.producedStudentTokens), latencyMs: finiteOrZero(value.latencyMs) };
    if (value.trigger === "command" || value.trigger === "low-confidence") call.trigger = value.trigger;
    if (value.finishReason === "stop" || value.finishReason === "length" || value.finishReason === "error" || value.finishReason === "aborted") call.finishReason = value.finishReason;
    if (typeof value.error === "string") call.error = value.error;
    if (Number.isInteger(value.offset) && (value.offset as number) >= 0) call.offset = value.offset as number;
    return call;
}

/** Usage with every number checked. */
export function readUsage(value: unknown): SolveUsage | undefined {
    if (!isRecord(value)) return undefined;
    return {
        studentTokens: finiteOrZero(value.studentTokens),
        teacherTokens: finiteOrZero(value.teacherTokens),
        teacherOutputTokens: finiteOrZero(value.teacherOutputTokens),
        teacherPromptTokens: finiteOrZero(value.teacherPromptTokens),
        teacherCachedPromptTokens: finiteOrZero(value.teacherCachedPromptTokens),
        calls: finiteOrZero(value.calls),
        callRatio: finiteOrZero(value.callRatio),
        costUSD: finiteOrZero(value.costUSD),
        teacherOnlyCostUSD: finiteOrZero(value.teacherOnlyCostUSD),
    };
}

/** A finished solve's result, or undefined when its spans are malformed. */
export function readResult(value: unknown): SolveResult | undefined {
    if (!isRecord(value)) return undefined;
    const spans = readSpans(value.spans);
    const usage = readUsage(value.usage);
    if (!spans || !usage) return undefined;
    const calls = Array.isArray(value.calls) ? value.calls.map((call) => readCall(call) ?? {}) : [];
    return { ...(value as unknown as SolveResult), text: spans.map((span) => span.text).join(""), spans, calls: calls as CallRecord[], usage };
}

/** A chat turn with a string id and prompt; a malformed result or error is dropped. */
export function readTurn(value: unknown): ChatTurn | undefined {
    if (!isRecord(value) || typeof value.id !== "string" || typeof value.prompt !== "string") return undefined;
    const turn: ChatTurn = { id: value.id, prompt: value.prompt, startedAt: finiteOrZero(value.startedAt) };
    const result = readResult(value.result);
    if (result) turn.result = result;
    if (typeof value.error === "string") turn.error = value.error;
    return turn;
}

/** Settings, or undefined when a field has the wrong type. */
export function readSettings(value: unknown): ChatSettings | undefined {
    if (!isRecord(value) || !RELAY_MODES.includes(value.mode as ChatSettings["mode"])) return undefined;
    if (typeof value.teacherFree !== "boolean" || typeof value.teacherConfigured !== "boolean") return undefined;
    return { mode: value.mode as ChatSettings["mode"], teacherFree: value.teacherFree, teacherConfigured: value.teacherConfigured };
}
