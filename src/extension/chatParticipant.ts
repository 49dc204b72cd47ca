import * as vscode from "vscode";
import { isAbortError, type RelayEvent } from "../relay";
import { usageLine } from "../format/usageLine";
import { errorMessage } from "../util/errorMessage";
import { ChatAnswerMarkdown } from "./chatAnswerMarkdown";
import { buildConversation, questionWithAttachments, type Exchange, type QuestionAttachment } from "./conversationBuilder";
import type { RelayRunner } from "./relayRunner";
import { actionFor, actionForTeacherFailure, commandFor } from "./errorActions";
import { teacherFailureNote } from "./teacherFailureNote";

/** The participant's id, as declared in package.json's `chatParticipants`. */
export const PARTICIPANT_ID = "relay.participant";

/**
 * `@relay` in VS Code's Chat view, where the chat API exists (feature-detected: some forks lack it, and the panel
 * works without it). It answers with the relay engine, not with `request.model`: VS Code only requires that some
 * model is picked (Relay's own provider is one). The earlier `@relay` turns, attached files and the editor's
 * selection go into the conversation; usage is recorded by the runner like any solve.
 */
export function registerChatParticipant(context: vscode.ExtensionContext, runner: RelayRunner, log: vscode.OutputChannel): void {
    const chat = (vscode as { chat?: typeof vscode.chat }).chat;
    if (typeof chat?.createChatParticipant !== "function") return;
    const participant = chat.createChatParticipant(PARTICIPANT_ID, (request, chatContext, stream, token) => answer(runner, log, request, chatContext, stream, token));
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, "media", "relay.svg");
    context.subscriptions.push(participant);
}

/** How much of the student's prompt the output channel shows per answer. */
const PROMPT_LOG_CHARS = 2000;

/** What an `@relay` answer keeps for the next turn: the answer text without the footer. */
interface RelayChatMetadata {
    answer: string;
}

async function answer(runner: RelayRunner, log: vscode.OutputChannel, request: vscode.ChatRequest, chatContext: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const attachments = await collectAttachments(request.references, vscode.window.activeTextEditor);
    for (const attachment of attachments) stream.reference(attachment.location);
    const messages = buildConversation(historyExchanges(chatContext.history), questionWithAttachments(request.prompt, attachments));
    const markdown = new ChatAnswerMarkdown();
    // Model text is untrusted: plain Markdown, never a trusted string (no command links).
    const write = (chunks: string[]) => chunks.forEach((chunk) => stream.markdown(new vscode.MarkdownString(chunk)));
    const teacherFailures: Extract<RelayEvent, { type: "teacher-error" }>[] = [];
    try {
        const result = await runner.run(
            messages,
            (event: RelayEvent) => {
                write(markdown.push(event));
                if (event.type === "call-granted") stream.progress(`Asking the teacher for ${event.granted} tokens…`);
                else if (event.type === "teacher-error") teacherFailures.push(event);
                else if (event.type === "history-truncated") stream.progress(`The ${event.droppedMessages} oldest messages did not fit the local model and were left out.`);
            },
            token,
        );
        // What the student read, for the user who wonders what the model saw (a local log, like the rest of the channel).
        log.appendLine(`@relay: ${messages.length - 1} earlier messages, ${attachments.length} attachments (${attachments.map((attachment) => attachment.label).join(", ") || "none"}); the student's prompt: ${JSON.stringify(result.templatedPrompt.slice(0, PROMPT_LOG_CHARS))}`);
        const legend = markdown.hadTeacherText ? " · *italics: written by the teacher*" : "";
        // A failed call is said in the answer itself, not only in a log: the student went on without the teacher.
        stream.markdown(new vscode.MarkdownString(`\n\n---\n*${usageLine(result.usage, result.stopReason)}*${legend}`));
        if (teacherFailures.length > 0) {
            stream.markdown(new vscode.MarkdownString(teacherFailureNote(teacherFailures)));
            stream.button(commandFor(actionForTeacherFailure(teacherFailures[0]!.kind)));
        }
        return { metadata: { answer: result.text } satisfies RelayChatMetadata };
    } catch (error) {
        if (isAbortError(error) || token.isCancellationRequested) return {};
        const action = actionFor(error);
        if (action && action !== "retryWithTeacher") stream.button(commandFor(action));
        return { errorDetails: { message: `Relay: ${errorMessage(error)}` } };
    }
}

/** The earlier `@relay` turns as exchanges: each question with the answer that followed it, if any. */
function historyExchanges(history: vscode.ChatContext["history"]): Exchange[] {
    const exchanges: Exchange[] = [];
    for (const turn of history) {
        if (turn instanceof vscode.ChatRequestTurn) {
            exchanges.push({ question: turn.prompt });
            continue;
        }
        const last = exchanges[exchanges.length - 1];
        if (last && last.answer === undefined) last.answer = answerText(turn);
    }
    return exchanges;
}

function answerText(turn: vscode.ChatResponseTurn): string {
    const metadata = turn.result.metadata as Partial<RelayChatMetadata> | undefined;
    // Our own answers carry their text; otherwise the Markdown shown (the footer included) is the best there is.
    if (typeof metadata?.answer === "string") return metadata.answer;
    return turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : "")).join("");
}

type LocatedAttachment = QuestionAttachment & { location: vscode.Uri | vscode.Location };

/**
 * The files and selections attached to the request (`#file`, drag and drop, the implicit selection), and the active
 * editor's selection when none of the attachments already is it. Unreadable references are skipped.
 */
async function collectAttachments(references: readonly vscode.ChatPromptReference[], editor: vscode.TextEditor | undefined): Promise<LocatedAttachment[]> {
    const attachments: LocatedAttachment[] = [];
    // VS Code lists references from the end of the prompt backwards; the model reads them in the user's order.
    for (const reference of [...references].reverse()) {
        const value = reference.value;
        try {
            if (value instanceof vscode.Uri) {
                const document = await vscode.workspace.openTextDocument(value);
                attachments.push({ label: vscode.workspace.asRelativePath(value), languageId: document.languageId, text: document.getText(), location: value });
            } else if (value instanceof vscode.Location) {
                const document = await vscode.workspace.openTextDocument(value.uri);
                attachments.push({ label: rangeLabel(value.uri, value.range), languageId: document.languageId, text: document.getText(value.range), location: value });
            }
        } catch {
            // A binary or vanished file: the request goes on without it.
        }
    }
    if (editor && !editor.selection.isEmpty) {
        const selection = new vscode.Location(editor.document.uri, editor.selection);
        const covered = attachments.some((attachment) => attachment.location instanceof vscode.Location ? attachment.location.uri.toString() === selection.uri.toString() && attachment.location.range.contains(selection.range) : attachment.location.toString() === selection.uri.toString());
        if (!covered) attachments.push({ label: rangeLabel(selection.uri, selection.range), languageId: editor.document.languageId, text: editor.document.getText(editor.selection), location: selection });
    }
    return attachments.filter((attachment) => attachment.text.trim() !== "");
}

function rangeLabel(uri: vscode.Uri, range: vscode.Range): string {
    return `${vscode.workspace.asRelativePath(uri)} (lines ${range.start.line + 1}-${range.end.line + 1})`;
}
