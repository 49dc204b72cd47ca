/**
 * Schemas for chat turns and what the engine reports about them, used on both sides of the protocol: by the
 * host when it reads stored conversations back from workspace state, and by the webview for what the host
 * sends. A malformed nested field is dropped (or the turn rejected) instead of throwing halfway through an update.
 */
import * as v from "valibot";
import { CALL_DENIALS, CALL_TRIGGERS, SOLVE_STOP_REASONS, type CallRecord, type SolveResult } from "../relay/events";
import { RELAY_MODES, type ResolvedMode } from "../relay/options";
import { RELAY_PROTOCOLS } from "../relay/presets";
import type { SolveUsage } from "../relay/usageMeter";
import { count, dropIfMalformed, finiteOrZero, positiveCount, reader, withoutUndefined, type Same } from "./schemaParts";

export const RESOLVED_MODES = RELAY_MODES.filter((mode): mode is ResolvedMode => mode !== "auto");

import { panelActionSchema, type PanelAction } from "./panelActions";
export { panelActionSchema, type PanelAction };

/** Teacher calls the engine refused in one solve, by reason (see the engine's `CallDenial`); zero counts are left out. */
const deniedCountsSchema = v.pipe(
    v.object(Object.fromEntries(CALL_DENIALS.map((reason) => [reason, dropIfMalformed(positiveCount)])) as Record<(typeof CALL_DENIALS)[number], ReturnType<typeof dropIfMalformed<typeof positiveCount>>>),
    v.transform(withoutUndefined),
);
/** The same, undefined when none was refused (how a turn stores them). */
const deniedSchema = v.pipe(
    deniedCountsSchema,
    v.transform((denied) => (Object.keys(denied).length > 0 ? denied : undefined)),
);

/** Spans with a known source and string text; a malformed call index is dropped. */
export const spansSchema = v.array(v.pipe(v.object({ source: v.picklist(["student", "teacher"]), text: v.string(), call: dropIfMalformed(count) }), v.transform(withoutUndefined)));

/** A call record with its numbers checked (missing ones read as 0) and malformed optional fields dropped. */
export const callSchema = v.pipe(
    v.object({
        trigger: dropIfMalformed(v.picklist(CALL_TRIGGERS)),
        requested: finiteOrZero,
        offset: dropIfMalformed(count),
        granted: finiteOrZero,
        produced: finiteOrZero,
        producedStudentTokens: finiteOrZero,
        finishReason: dropIfMalformed(v.picklist(["stop", "length", "timeout", "error", "aborted"])),
        latencyMs: finiteOrZero,
        error: dropIfMalformed(v.string()),
    }),
    v.transform(withoutUndefined),
);
true satisfies Same<Required<v.InferOutput<typeof callSchema>>, Omit<Required<CallRecord>, "usage">>;

/** The calls of a result: one that is not an object reads as a call nothing is known about. */
const callsSchema = v.fallback(
    v.pipe(
        v.array(v.unknown()),
        v.transform((calls): Partial<CallRecord>[] => calls.map((call) => readCall(call) ?? {})),
    ),
    [],
);

/** Usage with every number checked (missing or non-finite ones read as 0). */
export const usageSchema = v.pipe(
    v.object({
        studentTokens: finiteOrZero,
        teacherTokens: finiteOrZero,
        teacherOutputTokens: finiteOrZero,
        teacherPromptTokens: finiteOrZero,
        teacherCachedPromptTokens: finiteOrZero,
        calls: finiteOrZero,
        failedCalls: dropIfMalformed(v.pipe(v.number(), v.finite())),
        callRatio: finiteOrZero,
        costUSD: finiteOrZero,
        teacherOnlyCostUSD: finiteOrZero,
    }),
    v.transform(withoutUndefined),
);
true satisfies Same<v.InferOutput<typeof usageSchema>, SolveUsage>;

/** A finished solve's result; rejected when its spans are malformed. Its text is rebuilt from the spans. */
export const resultSchema = v.pipe(
    v.object({
        mode: v.picklist(RESOLVED_MODES),
        templatedPrompt: v.fallback(v.string(), ""),
        spans: spansSchema,
        calls: callsSchema,
        usage: usageSchema,
        stopReason: v.picklist(SOLVE_STOP_REASONS),
        // Results stored before the engine reported these lack them; a malformed one is dropped.
        limits: dropIfMalformed(v.object({ maxTokens: positiveCount, maxCalls: count, protocol: v.picklist(RELAY_PROTOCOLS) })),
        denied: dropIfMalformed(deniedCountsSchema),
        droppedMessages: dropIfMalformed(count),
        transcript: dropIfMalformed(v.object({ text: v.string(), tokens: count })),
    }),
    v.transform(withoutUndefined),
    v.transform((result) => ({ ...result, text: result.spans.map((span) => span.text).join("") })),
);
/** A solve's result as the views read it: the engine's `SolveResult` with call records that may be partial and the facts older results lack. */
export type ReadSolveResult = v.InferOutput<typeof resultSchema>;
type Facts = "limits" | "denied" | "droppedMessages";
true satisfies Same<Omit<ReadSolveResult, "calls" | Facts>, Omit<SolveResult, "calls" | Facts>>;
true satisfies Same<Required<Pick<ReadSolveResult, Facts>>, Pick<SolveResult, Facts>>;

export type DeniedCalls = NonNullable<v.InferOutput<typeof deniedSchema>>;

/** One question and its answer in the chat; a malformed result, error or note is dropped. */
export const turnSchema = v.pipe(
    v.object({
        id: v.string(),
        /** The question exactly as sent to the model (attachments included, as Markdown). */
        prompt: v.string(),
        /** Epoch milliseconds. */
        startedAt: finiteOrZero,
        /** Present once the solve finished (or was stopped). */
        result: dropIfMalformed(resultSchema),
        /** Present when the solve failed; one sentence for the user. */
        error: dropIfMalformed(v.string()),
        /** What the failure note offers (a button beside the error). */
        errorAction: dropIfMalformed(panelActionSchema),
        /** Older messages the engine left out because the conversation did not fit the student's context. */
        droppedMessages: dropIfMalformed(positiveCount),
        /** Calls the engine refused, by reason. */
        denied: dropIfMalformed(deniedSchema),
        /** `relay.limits.maxTokens` when the solve ran, so "stopped at the limit" can say which limit. */
        maxTokens: dropIfMalformed(positiveCount),
    }),
    v.transform(withoutUndefined),
);
export type ChatTurn = v.InferOutput<typeof turnSchema>;

/** A call record with its numbers checked; undefined when not an object. */
export const readCall = reader(callSchema);
/** A chat turn with a string id and prompt, or undefined. */
export const readTurn = reader(turnSchema);
