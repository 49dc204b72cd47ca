import type { ChatSettings, ConversationSummary } from "../../protocol/messages";
import { RELAY_MODES } from "../../relay/options";
import { finiteOrZero, isRecord } from "../shared/readJson";

// `parseHostMessage` checks a message's type and the fields it dereferences; turns are checked by the
// protocol's `readTurn`; these check the rest of what the chat reads.

/** Settings, or undefined when a field has the wrong type. */
export function readSettings(value: unknown): ChatSettings | undefined {
    if (!isRecord(value) || !RELAY_MODES.includes(value.mode as ChatSettings["mode"])) return undefined;
    if (typeof value.teacherFree !== "boolean" || typeof value.teacherConfigured !== "boolean" || typeof value.studentConfigured !== "boolean") return undefined;
    return { mode: value.mode as ChatSettings["mode"], teacherFree: value.teacherFree, teacherConfigured: value.teacherConfigured, studentConfigured: value.studentConfigured };
}

/** The history list's entries that are well formed, newest first as the host sent them. */
export function readConversations(value: unknown): ConversationSummary[] {
    if (!Array.isArray(value)) return [];
    return value.flatMap((entry) =>
        isRecord(entry) && typeof entry.id === "string" && typeof entry.title === "string" ? [{ id: entry.id, title: entry.title, updatedAt: finiteOrZero(entry.updatedAt), turns: finiteOrZero(entry.turns) }] : [],
    );
}
