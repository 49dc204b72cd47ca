import * as vscode from "vscode";
import { isAbortError, type ChatMessage } from "../../relay";
import { SpanBuilder } from "../../relay/spanBuilder";
import { presentError } from "../errorPresenter";
import { showReadOnlyText } from "../readOnlyText";
import type { RelayRunner } from "../relayRunner";
import { diagnosticsIn, editDiagnostic } from "./editDiagnostics";
import { EditLensProvider } from "./editLenses";
import { editPrompt, surroundingsBudget, type EditDiagnostic } from "./editPrompt";
import { RelayEditSession, type EditDecorations } from "./editSession";
import { editTarget } from "./editTarget";

/** What starts a relay edit: the region (whole lines), the instruction, and the problems to state. */
export interface EditStart {
    editor: vscode.TextEditor;
    range: vscode.Range;
    instruction: string;
    diagnostics: readonly EditDiagnostic[];
}

/**
 * Relay edits: "Relay: Edit Selection" asks for an instruction, streams the answer's code over the selection as
 * a diff, and keeps the review's Accept / Reject commands, keys and CodeLenses. One edit at a time.
 */
export class RelayEdits implements vscode.Disposable {
    private session?: RelayEditSession;
    private lastPrompt?: string;
    private readonly lenses = new EditLensProvider(() => this.session);
    private readonly decorations: EditDecorations;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly runner: RelayRunner, private readonly log: vscode.OutputChannel) {
        this.decorations = {
            removed: vscode.window.createTextEditorDecorationType({
                isWholeLine: true,
                backgroundColor: new vscode.ThemeColor("diffEditor.removedLineBackground"),
                textDecoration: "line-through",
                overviewRulerColor: new vscode.ThemeColor("editorOverviewRuler.deletedForeground"),
            }),
            added: vscode.window.createTextEditorDecorationType({
                isWholeLine: true,
                backgroundColor: new vscode.ThemeColor("diffEditor.insertedLineBackground"),
                overviewRulerColor: new vscode.ThemeColor("editorOverviewRuler.addedForeground"),
            }),
            // The teacher's lines: added, in the teacher's own colour, and labelled at the end of the line.
            teacher: vscode.window.createTextEditorDecorationType({
                isWholeLine: true,
                backgroundColor: "rgba(163, 113, 247, 0.28)",
                borderColor: "rgba(163, 113, 247, 0.9)",
                borderStyle: "solid",
                borderWidth: "0 0 0 3px",
                after: { contentText: "  ← teacher", color: new vscode.ThemeColor("editorCodeLens.foreground"), fontStyle: "italic" },
                overviewRulerColor: "rgba(163, 113, 247, 0.9)",
            }),
        };
        this.disposables.push(this.lenses, vscode.languages.registerCodeLensProvider({ scheme: "*" }, this.lenses), ...Object.values(this.decorations));
    }

    /** "Relay: Edit Selection": the selection (or the function, or the line) and an instruction typed for it. */
    async editSelection(): Promise<void> {
        const editor = vscode.window.activeTextEditor;
        if (!editor) {
            void vscode.window.showInformationMessage("Relay: open a file and select code to edit.");
            return;
        }
        const range = await editTarget(editor);
        editor.selection = new vscode.Selection(range.start, range.end);
        const instruction = await vscode.window.showInputBox({ title: "Relay: Edit Selection", prompt: "What should change? The answer replaces the selection as a diff you accept or reject.", ignoreFocusOut: true });
        if (!instruction?.trim()) return;
        await this.start({ editor, range, instruction, diagnostics: diagnosticsIn(editor.document, range).map(editDiagnostic) });
    }

    /** Runs one edit: the prompt, the streamed diff, then the review. */
    async start({ editor, range, instruction, diagnostics }: EditStart): Promise<void> {
        if (this.session) {
            void vscode.window.showWarningMessage("Relay: accept or reject the open relay edit first.");
            return;
        }
        const document = editor.document;
        const selection = document.getText(range);
        const prompt = await this.runner
            .studentContextSize()
            .then((contextTokens) =>
                editPrompt(
                    {
                        instruction,
                        fileName: document.fileName,
                        languageId: document.languageId,
                        selection,
                        before: document.getText(new vscode.Range(0, 0, range.start.line, 0)),
                        after: document.getText(new vscode.Range(range.end, document.lineAt(document.lineCount - 1).range.end)),
                        firstLine: range.start.line + 1,
                        diagnostics,
                    },
                    surroundingsBudget(contextTokens, selection.length),
                ),
            )
            .catch((error: unknown) => presentError(error));
        if (prompt === undefined) return;
        const session = (this.session = new RelayEditSession(editor, range.start.line, selection.split(/\r?\n/), this.decorations));
        // The diff is drawn where the selection was; a selection over it would hide its colours.
        editor.selection = new vscode.Selection(range.start, range.start);
        session.onDidChange(() => this.changed());
        this.changed();
        const spans = new SpanBuilder();
        const messages: ChatMessage[] = [{ role: "user", content: prompt }];
        try {
            const result = await this.runner.run(messages, (event) => {
                if (event.type === "student-text") spans.add("student", event.text);
                else if (event.type === "teacher-text") spans.add("teacher", event.text, event.call);
                else if (event.type === "teacher-error") spans.dropCall(event.call);
                else return;
                session.propose(spans.text, spans.current);
            });
            this.lastPrompt = result.templatedPrompt;
            this.log.appendLine(`relay edit: ${result.stopReason}, ${result.usage.studentTokens} student and ${result.usage.teacherTokens} teacher tokens; the student's prompt: ${JSON.stringify(result.templatedPrompt)}`);
            await session.review(result.text, result.spans, result.stopReason === "aborted");
            this.log.appendLine(`relay edit: ${session.hunks.length} hunks, teacher lines ${session.teacherLineCount}`);
        } catch (error) {
            // Stopped before the engine started, or failed: what streamed is offered for review, or nothing is.
            if (!isAbortError(error)) presentError(error);
            await session.review(spans.text, spans.current, true);
        }
    }

    /** Stops the streaming answer; what it wrote so far stays for review. */
    stop(): void {
        if (this.session?.phase === "streaming") this.runner.stop();
    }

    async decide(state: "accepted" | "rejected", hunk?: number | "atCursor"): Promise<void> {
        const session = this.session;
        if (!session) return;
        const index = hunk === "atCursor" ? session.hunkAt(vscode.window.activeTextEditor?.selection.active.line ?? session.startLine) : hunk;
        if (hunk === "atCursor" && index === undefined) return;
        await session.decide(state, index);
    }

    async showPrompt(): Promise<void> {
        if (!this.lastPrompt) {
            void vscode.window.showInformationMessage("Relay: no relay edit has run yet.");
            return;
        }
        await showReadOnlyText(this.lastPrompt, "Prompt of the last relay edit.txt");
    }

    private changed(): void {
        if (this.session?.phase === "closed") this.session = undefined;
        void vscode.commands.executeCommand("setContext", "relay.editStreaming", this.session?.phase === "streaming");
        void vscode.commands.executeCommand("setContext", "relay.editReviewing", this.session?.phase === "review");
        this.lenses.refresh();
    }

    dispose(): void {
        this.session?.dispose();
        for (const disposable of this.disposables) disposable.dispose();
    }
}

/** Registers the relay edit commands; returns the edits, which the code actions start too. */
export function registerRelayEdits(context: vscode.ExtensionContext, runner: RelayRunner, log: vscode.OutputChannel): RelayEdits {
    const edits = new RelayEdits(runner, log);
    context.subscriptions.push(
        edits,
        vscode.commands.registerCommand("relay.editSelection", () => edits.editSelection()),
        vscode.commands.registerCommand("relay.editStop", () => edits.stop()),
        vscode.commands.registerCommand("relay.editAcceptHunk", (hunk?: number) => edits.decide("accepted", typeof hunk === "number" ? hunk : "atCursor")),
        vscode.commands.registerCommand("relay.editRejectHunk", (hunk?: number) => edits.decide("rejected", typeof hunk === "number" ? hunk : "atCursor")),
        vscode.commands.registerCommand("relay.editAcceptAll", () => edits.decide("accepted")),
        vscode.commands.registerCommand("relay.editRejectAll", () => edits.decide("rejected")),
        vscode.commands.registerCommand("relay.showEditPrompt", () => edits.showPrompt()),
    );
    return edits;
}
