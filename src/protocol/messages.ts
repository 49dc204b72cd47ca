/**
 * The one message protocol between the extension host and its webviews (chat view, usage panel).
 * Both sides import these types and validate every message they receive with the guards below:
 * a webview runs model output, so nothing it sends is trusted, and the host never trusts shapes either.
 */
import type { CallDenial, RelayEvent, RelayMode, SolveResult, SolveUsage, UsageSummary } from "../relay";

/** Code the user attached to a question ("Relay: Ask About Selection"): shown as a code block above it. */
export interface Attachment {
    /** The file's base name, e.g. `parser.ts`. */
    fileName: string;
    /** VS Code language id, e.g. `typescript`. */
    languageId: string;
    text: string;
}

/** Teacher calls the engine refused in one solve, by reason (see the engine's `CallDenial`). */
export type DeniedCalls = Partial<Record<CallDenial, number>>;

/** What a failure note in the panel offers to do; the host maps each to one command. */
export type PanelAction = "selectStudent" | "chooseTeacher" | "testTeacher" | "setApiKey" | "openSettings" | "openTeacherSettings" | "retryWithTeacher";

/** One question and its answer in the chat. */
export interface ChatTurn {
    id: string;
    /** The question exactly as sent to the model (attachments included, as Markdown). */
    prompt: string;
    /** Epoch milliseconds. */
    startedAt: number;
    /** Present once the solve finished (or was stopped). */
    result?: SolveResult;
    /** Present when the solve failed; one sentence for the user. */
    error?: string;
    /** What the failure note offers (a button beside the error). */
    errorAction?: PanelAction;
    /** Older messages the engine left out because the conversation did not fit the student's context. */
    droppedMessages?: number;
    /** Calls the engine refused, by reason. */
    denied?: DeniedCalls;
    /** `relay.limits.maxTokens` when the solve ran, so "stopped at the limit" can say which limit. */
    maxTokens?: number;
}

/** One conversation in the history list. */
export interface ConversationSummary {
    id: string;
    title: string;
    /** Epoch milliseconds of the last question. */
    updatedAt: number;
    turns: number;
}

/** What the chat view shows about the current settings. */
export interface ChatSettings {
    mode: RelayMode;
    /** The one teacher-free control: true when `relay.teacherFree` is on or the mode is `teacher-free`. */
    teacherFree: boolean;
    /** False when no teacher URL is configured: solves run teacher-free. */
    teacherConfigured: boolean;
    /** False when no student model is set: nothing can be solved yet. */
    studentConfigured: boolean;
}

/** One finished solve as stored in the usage history. */
export type UsageRecord = SolveUsage & {
    /** Epoch milliseconds. */
    at: number;
    mode: SolveResult["mode"];
    stopReason: SolveResult["stopReason"];
};

/** Workspace totals, as the status bar and usage panel show them (summed by the engine's UsageTotals). */
export type { UsageSummary } from "../relay";

/** The open conversation, its turns and the history list: sent on load and whenever the open conversation changes. */
export interface ChatState {
    conversationId: string;
    turns: ChatTurn[];
    conversations: ConversationSummary[];
    settings: ChatSettings;
    solvingTurnId?: string;
}

export type HostToWebview =
    | ({ type: "state/init" } & ChatState)
    | { type: "conversations/changed"; conversations: ConversationSummary[] }
    | { type: "solve/started"; turn: ChatTurn }
    | { type: "relay/event"; turnId: string; event: RelayEvent }
    | { type: "solve/finished"; turnId: string; result: SolveResult }
    | { type: "solve/failed"; turnId: string; message: string; action?: PanelAction }
    | { type: "settings/changed"; settings: ChatSettings }
    | { type: "composer/attach"; attachment: Attachment }
    | { type: "usage/history"; records: UsageRecord[]; summary: UsageSummary };

export type WebviewToHost =
    | { type: "webview/ready" }
    | { type: "solve/submit"; prompt: string; attachment?: Attachment }
    | { type: "solve/cancel" }
    | { type: "turn/retryWithTeacher"; turnId: string }
    | { type: "settings/setMode"; mode: RelayMode }
    | { type: "code/insert"; code: string }
    | { type: "code/copy"; code: string }
    | { type: "conversation/new" }
    | { type: "conversation/open"; id: string }
    | { type: "conversation/delete"; id: string }
    | { type: "conversation/clear" }
    | { type: "action/run"; action: PanelAction };

/** Longest prompt or code block accepted from a webview (characters). */
export const MAX_WEBVIEW_TEXT = 200_000;

const MODES: readonly RelayMode[] = ["auto", "learned", "confidence", "teacher-free", "teacher-only"];

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
    return typeof value === "string" && value.length <= MAX_WEBVIEW_TEXT;
}

const ACTIONS: readonly PanelAction[] = ["selectStudent", "chooseTeacher", "testTeacher", "setApiKey", "openSettings", "openTeacherSettings", "retryWithTeacher"];

/** Conversation and turn ids are ours (UUIDs); anything longer or stranger is not. */
function isId(value: unknown): value is string {
    return typeof value === "string" && /^[\w-]{1,64}$/.test(value);
}

/** An attachment with short names and bounded text, or undefined. */
export function parseAttachment(value: unknown): Attachment | undefined {
    if (!isRecord(value) || !isText(value.text) || typeof value.fileName !== "string" || typeof value.languageId !== "string") return undefined;
    if (value.fileName.length > 260 || !/^[\w.+#-]{1,64}$/.test(value.languageId)) return undefined;
    return { fileName: value.fileName, languageId: value.languageId, text: value.text };
}

/** Returns the message when it is a well-formed `WebviewToHost`, else undefined. Extra fields are dropped. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
    if (!isRecord(value) || typeof value.type !== "string") return undefined;
    const kind = value.type as WebviewToHost["type"];
    switch (kind) {
        case "webview/ready":
        case "solve/cancel":
        case "conversation/clear":
        case "conversation/new":
            return { type: kind };
        case "solve/submit": {
            if (!isText(value.prompt)) return undefined;
            const attachment = value.attachment === undefined ? undefined : parseAttachment(value.attachment);
            if (value.attachment !== undefined && !attachment) return undefined;
            if (value.prompt.trim() === "" && !attachment) return undefined;
            return attachment ? { type: kind, prompt: value.prompt, attachment } : { type: kind, prompt: value.prompt };
        }
        case "turn/retryWithTeacher":
            return isId(value.turnId) ? { type: kind, turnId: value.turnId } : undefined;
        case "conversation/open":
        case "conversation/delete":
            return isId(value.id) ? { type: kind, id: value.id } : undefined;
        case "action/run":
            return ACTIONS.includes(value.action as PanelAction) ? { type: kind, action: value.action as PanelAction } : undefined;
        case "settings/setMode":
            return MODES.includes(value.mode as RelayMode) ? { type: kind, mode: value.mode as RelayMode } : undefined;
        case "code/insert":
        case "code/copy":
            return isText(value.code) ? { type: kind, code: value.code } : undefined;
        default:
            kind satisfies never;
            return undefined;
    }
}

const HOST_TYPES: ReadonlySet<string> = new Set<HostToWebview["type"]>(["state/init", "conversations/changed", "composer/attach", "solve/started", "relay/event", "solve/finished", "solve/failed", "settings/changed", "usage/history"]);

/**
 * The webview's check of what it receives: the discriminant and the fields it dereferences. The host is
 * trusted code, but its payloads carry model text, which the renderer sanitizes separately.
 */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
    if (!isRecord(value) || typeof value.type !== "string" || !HOST_TYPES.has(value.type)) return undefined;
    const message = value as HostToWebview;
    switch (message.type) {
        case "state/init":
            return Array.isArray(message.turns) && Array.isArray(message.conversations) && typeof message.conversationId === "string" && isRecord(message.settings) ? message : undefined;
        case "conversations/changed":
            return Array.isArray(message.conversations) ? message : undefined;
        case "composer/attach":
            return parseAttachment(message.attachment) ? message : undefined;
        case "solve/started":
            return isRecord(message.turn) && typeof message.turn.id === "string" ? message : undefined;
        case "relay/event":
            return typeof message.turnId === "string" && isRecord(message.event) && typeof message.event.type === "string" ? message : undefined;
        case "solve/finished":
            return typeof message.turnId === "string" && isRecord(message.result) && Array.isArray(message.result.spans) ? message : undefined;
        case "solve/failed":
            return typeof message.turnId === "string" && typeof message.message === "string" ? message : undefined;
        case "settings/changed":
            return isRecord(message.settings) ? message : undefined;
        case "usage/history":
            return Array.isArray(message.records) && isRecord(message.summary) ? message : undefined;
        default:
            message satisfies never;
            return undefined;
    }
}
