import type { ChatMessage } from "../relay";
import { diagnosticLine } from "../format/diagnosticLine";
import type { AttachedDiagnostic } from "../protocol/messages";
import { selectionPrompt } from "./selectionPrompt";

/**
 * The one way a conversation is shaped for the engine, whichever front end asked (the panel, `@relay`, the
 * language-model provider): earlier exchanges that have an answer, then the question with its attachments
 * in front, all attachments together within one budget.
 */

/** Code attached to a question: a file, a selection. */
export interface QuestionAttachment {
    /** Shown to the model: a file name or workspace-relative path, with lines for a selection. */
    label: string;
    /** VS Code's language id; undefined when unknown (the code is then fenced without a language). */
    languageId?: string;
    text: string;
    /** Problems VS Code reports in the code (line 1 is its first line). Default none. */
    diagnostics?: readonly AttachedDiagnostic[];
}

/** An earlier question and what the relay answered (undefined or empty when it failed). */
export interface Exchange {
    question: string;
    answer?: string;
}

/** Characters of attached code a question may carry, about 2k tokens: the rest of the context is the conversation's and the answer's. */
export const ATTACHMENT_BUDGET_CHARS = 8000;

/** The part of the budget an attachment's problems may take: they are why the person asks, so they go in before its code is cut. */
const DIAGNOSTICS_SHARE = 0.25;

/**
 * The conversation: the system line if any, every earlier exchange with an answer (a failed one is left out
 * with its question, so turns alternate), then the question. Answers are kept exactly as written: a student
 * without a chat template reads an answer as the continuation of its question, and the answer's own leading
 * space is what separates them ("…there was" + " a little girl"; trimmed, they ran together as "wasa").
 */
export function buildConversation(earlier: readonly Exchange[], question: string, system?: string): ChatMessage[] {
    const messages: ChatMessage[] = system ? [{ role: "system", content: system }] : [];
    for (const { question: asked, answer } of earlier) {
        if (answer?.trim()) messages.push({ role: "user", content: asked }, { role: "assistant", content: answer });
    }
    messages.push({ role: "user", content: question });
    return messages;
}

/** The question with its attachments in front, each cut so that all of them together stay within `budget` characters. */
export function questionWithAttachments(question: string, attachments: readonly QuestionAttachment[], budget = ATTACHMENT_BUDGET_CHARS): string {
    let left = budget;
    const parts: string[] = [];
    for (const attachment of attachments) {
        if (left <= 0) {
            parts.push(`(${attachment.label} left out: the attached files exceed what the local model can read)`);
            continue;
        }
        const problems = diagnosticsWithin(attachment.diagnostics ?? [], Math.min(left, Math.floor(budget * DIAGNOSTICS_SHARE)));
        left -= problems.length;
        const cut = attachment.text.length > left;
        const text = cut ? attachment.text.slice(0, Math.max(0, left)) : attachment.text;
        left -= text.length;
        parts.push(selectionPrompt(text, attachment.label, attachment.languageId) + (cut ? "\n(cut to fit the local model)" : "") + problems);
    }
    return [...parts, question.trim()].filter(Boolean).join("\n\n");
}

/** The problems as a paragraph after the code, whole lines within `budget` characters and a note for those left out; "" when none fit. */
function diagnosticsWithin(diagnostics: readonly AttachedDiagnostic[], budget: number): string {
    if (diagnostics.length === 0) return "";
    const head = "\n\nProblems reported in this code (line 1 is its first line):";
    const lines = diagnostics.map((diagnostic) => `\n- ${diagnosticLine(diagnostic)}`);
    const leftOut = (count: number, more: boolean) => (count === 0 ? "" : `\n(${count} ${more ? "more " : ""}${count === 1 ? "problem" : "problems"} left out)`);
    let kept = 0;
    let length = head.length;
    // A line goes in only if the note about the ones after it still fits.
    while (kept < lines.length && length + lines[kept]!.length + leftOut(lines.length - kept - 1, true).length <= budget) length += lines[kept++]!.length;
    const text = head + lines.slice(0, kept).join("") + leftOut(lines.length - kept, kept > 0);
    return text.length <= budget ? text : "";
}
