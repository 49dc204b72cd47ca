/**
 * The one message protocol between the extension host and its webviews (chat view, usage panel).
 * Both sides import these schemas and types and validate every message they receive with them: a webview
 * runs model output, so nothing it sends is trusted, and the host never trusts shapes either. The types are
 * what the schemas output.
 */
import * as v from "valibot";
import { CALL_DENIALS, CALL_TRIGGERS, type RelayEvent } from "../relay/events";
import { TEACHER_ERROR_KINDS } from "../relay/errors";
import { RELAY_MODES } from "../relay/options";
import { RELAY_PROTOCOLS } from "../relay/presets";
import type { UsageSummary } from "../relay/usageTotals";
import { callSchema, panelActionSchema, RESOLVED_MODES, resultSchema, turnSchema, usageSchema } from "./readChatTurn";
import { count, dropIfMalformed, finiteOrZero, listOfWellFormed, reader, type Same } from "./schemaParts";

export type { ChatTurn, DeniedCalls, PanelAction, ReadSolveResult } from "./readChatTurn";

/** Longest prompt or code block accepted from a webview (characters). */
export const MAX_WEBVIEW_TEXT = 200_000;
const boundedText = v.pipe(v.string(), v.maxLength(MAX_WEBVIEW_TEXT));
/** Conversation and turn ids are ours (UUIDs); anything longer or stranger is not. */
const idSchema = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/));

/** Most problems one attachment carries; VS Code can report hundreds in a large selection. */
export const MAX_ATTACHED_DIAGNOSTICS = 50;

/** A problem VS Code reports in the attached code (line 1 is the attachment's first line). */
const attachedDiagnosticSchema = v.object({
    line: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000)),
    severity: v.picklist(["error", "warning", "info", "hint"]),
    message: v.pipe(v.string(), v.maxLength(2000)),
});
export type AttachedDiagnostic = v.InferOutput<typeof attachedDiagnosticSchema>;

/** Code the user attached to a question ("Relay: Ask About Selection"): shown as a code block above it. */
const attachmentSchema = v.object({
    /** The file's base name, e.g. `parser.ts`. */
    fileName: v.pipe(v.string(), v.maxLength(260)),
    /** VS Code language id, e.g. `typescript`. */
    languageId: v.pipe(v.string(), v.regex(/^[\w.+#-]{1,64}$/)),
    text: boundedText,
    /** The problems VS Code reports in the selection when it was attached. Default none. */
    diagnostics: v.optional(v.pipe(v.array(attachedDiagnosticSchema), v.maxLength(MAX_ATTACHED_DIAGNOSTICS))),
});
export type Attachment = v.InferOutput<typeof attachmentSchema>;

/** Characters of a conversation's questions the history's search reads (the history sends them for every conversation). */
export const MAX_SEARCH_TEXT = 2000;

/** One conversation in the history list. */
const conversationSummarySchema = v.object({
    id: v.string(),
    title: v.string(),
    /** Epoch milliseconds of the last question. */
    updatedAt: finiteOrZero,
    turns: finiteOrZero,
    /** What the history's search reads besides the title: the conversation's questions, shortened. Default none. */
    questions: v.optional(v.pipe(v.string(), v.maxLength(MAX_SEARCH_TEXT))),
});
export type ConversationSummary = v.InferOutput<typeof conversationSummarySchema>;

/** What the chat view shows about the current settings. */
const chatSettingsSchema = v.object({
    mode: v.picklist(RELAY_MODES),
    /** The one teacher-free control: true when `relay.teacherFree` is on or the mode is `teacher-free`. */
    teacherFree: v.boolean(),
    /** False when no teacher URL is configured: solves run teacher-free. */
    teacherConfigured: v.boolean(),
    /** The teacher's host (and port), "" when none: the panel says which teacher a question will reach. */
    teacherHost: v.fallback(v.string(), ""),
    /** False when no student model is set: nothing can be solved yet. */
    studentConfigured: v.boolean(),
});
export type ChatSettings = v.InferOutput<typeof chatSettingsSchema>;

/** One finished solve as stored in the usage history; its mode and stop reason are shown as stored. */
const usageRecordSchema = v.object({
    ...usageSchema.pipe[0].entries,
    /** Epoch milliseconds. */
    at: v.pipe(v.number(), v.finite()),
    mode: v.fallback(v.string(), ""),
    stopReason: v.fallback(v.string(), ""),
    /** Characters of request bodies that left the machine (0 for records written before this was counted). */
    sentChars: v.fallback(v.pipe(v.number(), v.finite(), v.minValue(0)), 0),
    /** The solve's id (for a panel question, its turn's): the usage panel's row opens its conversation. Default none. */
    solveId: v.fallback(v.optional(idSchema), undefined),
});
export type UsageRecord = v.InferOutput<typeof usageRecordSchema>;

/** Workspace totals, as the status bar and usage panel show them (summed by the engine's UsageTotals). */
const usageSummarySchema = v.object({ ...usageSchema.pipe[0].entries, solves: finiteOrZero, budgetUSD: finiteOrZero });
true satisfies Same<v.InferOutput<typeof usageSummarySchema>, UsageSummary>;
export type { UsageSummary } from "../relay/usageTotals";

/**
 * An engine event as the chat reads it while a turn streams: the call record may be partial (see the protocol's
 * readers). The engine's last event, `done`, never crosses: the result crosses once, in `solve/finished`.
 */
const relayEventSchema = v.variant("type", [
    v.object({ type: v.literal("start"), mode: v.picklist(RESOLVED_MODES), student: v.string(), teacher: v.optional(v.string()), limits: dropIfMalformed(v.object({ maxTokens: count, maxCalls: count, protocol: v.picklist(RELAY_PROTOCOLS) })) }),
    v.object({ type: v.literal("history-truncated"), droppedMessages: count, keptMessages: count }),
    v.object({ type: v.literal("student-text"), text: v.string() }),
    v.object({ type: v.literal("call-requested"), trigger: v.picklist(CALL_TRIGGERS), requested: v.number() }),
    v.object({ type: v.literal("call-denied"), requested: v.number(), reason: v.picklist(CALL_DENIALS) }),
    v.object({ type: v.literal("call-granted"), call: count, requested: v.number(), granted: v.number() }),
    v.object({ type: v.literal("teacher-text"), call: count, text: v.string() }),
    v.object({ type: v.literal("teacher-done"), call: count, record: callSchema }),
    v.object({ type: v.literal("teacher-error"), call: count, kind: v.picklist(TEACHER_ERROR_KINDS), message: v.string() }),
    v.object({ type: v.literal("teacher-over-grant"), call: count, granted: v.number(), receivedTokens: v.number(), aborted: v.boolean() }),
    v.object({ type: v.literal("teacher-text-sanitized"), call: count, raw: v.string(), reason: v.string() }),
    v.object({ type: v.literal("malformed-command"), raw: v.string(), reason: v.string() }),
    v.object({ type: v.literal("teacher-usage-rejected"), call: count, reason: v.string() }),
]);
export type ReadRelayEvent = v.InferOutput<typeof relayEventSchema>;
/** The events the host streams to the chat: all but `done`. */
export type StreamedRelayEvent = Exclude<RelayEvent, { type: "done" }>;
// Every streamed engine event can be sent as it is, and every kind of streamed event has a schema.
true satisfies ([StreamedRelayEvent] extends [ReadRelayEvent] ? true : false);
true satisfies Same<StreamedRelayEvent["type"], ReadRelayEvent["type"]>;

/** The open conversation, its turns and the history list: sent on load and whenever the open conversation changes. */
const chatStateEntries = {
    conversationId: v.string(),
    /** Malformed turns are left out. */
    turns: listOfWellFormed(turnSchema),
    /** Malformed entries are left out. */
    conversations: listOfWellFormed(conversationSummarySchema),
    /** Absent when malformed: the view keeps the settings it has. */
    settings: dropIfMalformed(chatSettingsSchema),
    solvingTurnId: dropIfMalformed(v.string()),
};
export type ChatState = v.InferOutput<v.ObjectSchema<typeof chatStateEntries, undefined>>;

const hostToWebviewSchema = v.variant("type", [
    v.object({ type: v.literal("state/init"), ...chatStateEntries }),
    v.object({ type: v.literal("conversations/changed"), conversations: listOfWellFormed(conversationSummarySchema) }),
    v.object({ type: v.literal("solve/started"), turn: turnSchema }),
    v.object({ type: v.literal("relay/event"), turnId: v.string(), event: relayEventSchema }),
    v.object({ type: v.literal("solve/finished"), turnId: v.string(), result: resultSchema }),
    v.object({ type: v.literal("solve/failed"), turnId: v.string(), message: v.string(), action: dropIfMalformed(panelActionSchema) }),
    v.object({ type: v.literal("settings/changed"), settings: dropIfMalformed(chatSettingsSchema) }),
    v.object({ type: v.literal("composer/attach"), attachment: attachmentSchema }),
    v.object({ type: v.literal("usage/history"), records: listOfWellFormed(usageRecordSchema), summary: usageSummarySchema }),
]);
export type HostToWebview = v.InferOutput<typeof hostToWebviewSchema>;

const webviewToHostSchema = v.pipe(
    v.variant("type", [
        v.object({ type: v.literal("webview/ready") }),
        v.object({ type: v.literal("solve/submit"), prompt: boundedText, attachment: v.optional(attachmentSchema) }),
        /** `shownChars`: the answer's length when the person pressed Stop in the panel (the stored answer is cut to it). */
        v.object({ type: v.literal("solve/cancel"), shownChars: v.optional(count) }),
        v.object({ type: v.literal("turn/retryWithTeacher"), turnId: idSchema }),
        /** Ask the last turn's question again in its place, with the same settings. */
        v.object({ type: v.literal("turn/regenerate"), turnId: idSchema }),
        /** A call badge was activated: show what that call sent and received. */
        v.object({ type: v.literal("call/showSent"), turnId: idSchema, call: count }),
        v.object({ type: v.literal("settings/setMode"), mode: v.picklist(RELAY_MODES) }),
        v.object({ type: v.literal("code/insert"), code: boundedText }),
        v.object({ type: v.literal("code/copy"), code: boundedText }),
        v.object({ type: v.literal("conversation/new") }),
        v.object({ type: v.literal("conversation/open"), id: idSchema }),
        v.object({ type: v.literal("conversation/delete"), id: idSchema }),
        /** The host asks for the new title (VS Code's input box, filled with the old one). */
        v.object({ type: v.literal("conversation/rename"), id: idSchema }),
        v.object({ type: v.literal("conversation/clear") }),
        v.object({ type: v.literal("action/run"), action: panelActionSchema }),
        /** Shift+Tab past the panel's first control: focus goes back out to the workbench. */
        v.object({ type: v.literal("focus/leave") }),
        /** The usage panel: open the conversation of the solve in this row. */
        v.object({ type: v.literal("usage/openSolve"), solveId: idSchema }),
    ]),
    // A question needs text or an attachment.
    v.check((message) => message.type !== "solve/submit" || message.prompt.trim() !== "" || message.attachment !== undefined),
);
export type WebviewToHost = v.InferOutput<typeof webviewToHostSchema>;

/** An attachment with short names and bounded text, or undefined. */
export const parseAttachment = reader(attachmentSchema);

/** Returns the message when it is a well-formed `WebviewToHost`, else undefined. Extra fields are dropped. */
export const parseWebviewMessage = reader(webviewToHostSchema);

/**
 * The webview's check of what it receives, before anything is read from it: a malformed nested part is
 * dropped where the view can do without it (a turn, a history entry), else the message is rejected. The host
 * is trusted code, but its payloads carry model text, which the renderer sanitizes separately.
 */
export const parseHostMessage = reader(hostToWebviewSchema);
