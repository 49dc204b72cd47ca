import type { ChatTurn } from "../protocol/messages";
import { usageLine } from "../format/usageLine";
import { ChatAnswerMarkdown } from "./chatAnswerMarkdown";

/**
 * A conversation of the panel as one Markdown document (Copy / Export / Open in Editor): each question, then
 * the answer with the teacher's spans in italics (as `@relay` writes them), its usage line, and a note for a
 * turn that failed. Answers are model text and stay as written; the document is the user's to keep.
 */
export function conversationMarkdown(title: string, turns: readonly ChatTurn[]): string {
    const parts = [`# ${title}`];
    let teacherWrote = false;
    for (const turn of turns) {
        parts.push(`**You:**\n\n${turn.prompt}`);
        if (turn.result) {
            const answer = new ChatAnswerMarkdown();
            const chunks: string[] = [];
            for (const span of turn.result.spans) {
                chunks.push(...answer.push(span.source === "teacher" ? { type: "teacher-text", call: span.call ?? 0, text: span.text } : { type: "student-text", text: span.text }));
                if (span.source === "teacher") chunks.push(...answer.endTeacherSpan());
            }
            teacherWrote ||= answer.hadTeacherText;
            parts.push(`**Relay:**\n\n${chunks.join("").trim()}`, `*${usageLine(turn.result.usage, turn.result.stopReason)}*`);
        }
        if (turn.error) parts.push(`*No answer: ${turn.error}*`);
    }
    if (teacherWrote) parts.push("*Italics: written by the teacher model; the rest by the local student.*");
    return parts.join("\n\n") + "\n";
}
