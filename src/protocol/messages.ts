/**
 * The one message protocol between the extension host and its webviews (chat view, usage panel).
 * Both sides import these types and validate every message they receive with the guards below:
 * a webview runs model output, so nothing it sends is trusted, and the host never trusts shapes either.
 */
import type { RelayEvent, RelayMode, SolveResult, SolveUsage, UsageSummary } from "../relay";

/** One question and its answer in the chat. */
export interface ChatTurn {
    id: string;
    prompt: string;
    /** Epoch milliseconds. */
    startedAt: number;
    /** Present once the solve finished (or was stopped). */
    result?: SolveResult;
    /** Present when the solve failed; one sentence for the user. */
    error?: string;
}

/** What the chat view shows about the current settings. */
export interface ChatSettings {
    mode: RelayMode;
    teacherFree: boolean;
    /** False when no teacher URL is configured: solves run teacher-free. */
    teacherConfigured: boolean;
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

export type HostToWebview =
    | { type: "state/init"; turns: ChatTurn[]; settings: ChatSettings; solvingTurnId?: string }
    | { type: "solve/started"; turn: ChatTurn }
    | { type: "relay/event"; turnId: string; event: RelayEvent }
    | { type: "solve/finished"; turnId: string; result: SolveResult }
    | { type: "solve/failed"; turnId: string; message: string }
    | { type: "settings/changed"; settings: ChatSettings }
    | { type: "usage/history"; records: UsageRecord[]; summary: UsageSummary };

export type WebviewToHost =
    | { type: "webview/ready" }
    | { type: "solve/submit"; prompt: string }
    | { type: "solve/cancel" }
    | { type: "settings/setTeacherFree"; value: boolean }
    | { type: "settings/setMode"; mode: RelayMode }
    | { type: "code/insert"; code: string }
    | { type: "code/copy"; code: string }
    | { type: "conversation/clear" }
    | { type: "teacher/configure" };

/** Longest prompt or code block accepted from a webview (characters). */
export const MAX_WEBVIEW_TEXT = 200_000;

const MODES: readonly RelayMode[] = ["auto", "learned", "confidence", "teacher-free", "teacher-only"];

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
    return typeof value === "string" && value.length <= MAX_WEBVIEW_TEXT;
}

/** Returns the message when it is a well-formed `WebviewToHost`, else undefined. Extra fields are dropped. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
    if (!isRecord(value) || typeof value.type !== "string") return undefined;
    const kind = value.type as WebviewToHost["type"];
    switch (kind) {
        case "webview/ready":
        case "solve/cancel":
        case "conversation/clear":
        case "teacher/configure":
            return { type: kind };
        case "solve/submit":
            return isText(value.prompt) && value.prompt.trim() !== "" ? { type: kind, prompt: value.prompt } : undefined;
        case "settings/setTeacherFree":
            return typeof value.value === "boolean" ? { type: kind, value: value.value } : undefined;
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

const HOST_TYPES: ReadonlySet<string> = new Set<HostToWebview["type"]>(["state/init", "solve/started", "relay/event", "solve/finished", "solve/failed", "settings/changed", "usage/history"]);

/**
 * The webview's check of what it receives: the discriminant and the fields it dereferences. The host is
 * trusted code, but its payloads carry model text, which the renderer sanitizes separately.
 */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
    if (!isRecord(value) || typeof value.type !== "string" || !HOST_TYPES.has(value.type)) return undefined;
    const message = value as HostToWebview;
    switch (message.type) {
        case "state/init":
            return Array.isArray(message.turns) && isRecord(message.settings) ? message : undefined;
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
