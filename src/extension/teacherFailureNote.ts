import type { RelayEvent } from "../relay";
import { ACTION_TITLES } from "../protocol/panelActions";
import { actionForTeacherFailure } from "./errorActions";
import { escapeMarkdown } from "../format/escapeMarkdown";

/** The note after an answer whose teacher calls failed: ours, the server's words as detail, the command that helps. */
export function teacherFailureNote(failures: readonly Extract<RelayEvent, { type: "teacher-error" }>[]): string {
    const first = failures[0]!;
    const fix = ACTION_TITLES[actionForTeacherFailure(first.kind)];
    const calls = failures.length === 1 ? "A teacher call" : `${failures.length} teacher calls`;
    // The server's words are untrusted: they go in as text, never as Markdown.
    return `\n\n> **Relay:** ${calls} failed, so the local model finished this answer alone. ${escapeMarkdown(first.message)} (Command Palette: **Relay: ${fix}**.)`;
}
