/**
 * Schema checks for chat turns, used on both sides of the protocol: by the host when it reads stored
 * conversations back from workspace state, and by the webview for what the host sends. A malformed
 * nested field is dropped (or the turn rejected) instead of throwing halfway through an update.
 */
import type { CallDenial, CallRecord, RelaySpan, SolveResult, SolveUsage } from "../relay";
import type { ChatTurn, DeniedCalls, PanelAction } from "./messages";

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finiteOrZero(value: unknown): number {
    return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function isCount(value: unknown): value is number {
    return Number.isInteger(value) && (value as number) >= 0;
}

const DENIALS: readonly CallDenial[] = ["zero", "teacher-free", "no-teacher", "teacher-unavailable", "max-calls", "budget"];
const ACTIONS: readonly PanelAction[] = ["selectStudent", "chooseTeacher", "testTeacher", "setApiKey", "openSettings", "openTeacherSettings", "retryWithTeacher"];

/** The spans when every one has a known source and string text; undefined otherwise. */
export function readSpans(value: unknown): RelaySpan[] | undefined {
    if (!Array.isArray(value)) return undefined;
    const spans: RelaySpan[] = [];
    for (const span of value) {
        if (!isRecord(span) || (span.source !== "student" && span.source !== "teacher") || typeof span.text !== "string") return undefined;
        spans.push(isCount(span.call) ? { source: span.source, text: span.text, call: span.call } : { source: span.source, text: span.text });
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
    if (isCount(value.offset)) call.offset = value.offset;
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

/** A finished solve's result, or undefined when its spans are malformed. Its text is rebuilt from the spans. */
export function readResult(value: unknown): SolveResult | undefined {
    if (!isRecord(value)) return undefined;
    const spans = readSpans(value.spans);
    const usage = readUsage(value.usage);
    if (!spans || !usage) return undefined;
    const calls = Array.isArray(value.calls) ? value.calls.map((call) => readCall(call) ?? {}) : [];
    return {
        ...(value as unknown as SolveResult),
        templatedPrompt: typeof value.templatedPrompt === "string" ? value.templatedPrompt : "",
        text: spans.map((span) => span.text).join(""),
        spans,
        calls: calls as CallRecord[],
        usage,
    };
}

function readDenied(value: unknown): DeniedCalls | undefined {
    if (!isRecord(value)) return undefined;
    const denied: DeniedCalls = {};
    for (const reason of DENIALS) if (isCount(value[reason]) && (value[reason] as number) > 0) denied[reason] = value[reason] as number;
    return Object.keys(denied).length > 0 ? denied : undefined;
}

/** A chat turn with a string id and prompt; a malformed result, error or note is dropped. */
export function readTurn(value: unknown): ChatTurn | undefined {
    if (!isRecord(value) || typeof value.id !== "string" || typeof value.prompt !== "string") return undefined;
    const turn: ChatTurn = { id: value.id, prompt: value.prompt, startedAt: finiteOrZero(value.startedAt) };
    const result = readResult(value.result);
    if (result) turn.result = result;
    if (typeof value.error === "string") turn.error = value.error;
    if (ACTIONS.includes(value.errorAction as PanelAction)) turn.errorAction = value.errorAction as PanelAction;
    if (isCount(value.droppedMessages) && value.droppedMessages > 0) turn.droppedMessages = value.droppedMessages;
    const denied = readDenied(value.denied);
    if (denied) turn.denied = denied;
    if (isCount(value.maxTokens) && value.maxTokens > 0) turn.maxTokens = value.maxTokens;
    return turn;
}
