import * as vscode from "vscode";
import type { RelaySpan } from "../../relay";
import { answerCode, teacherLines } from "./answerCode";
import { diffLayout, type HunkState, type LayoutLine } from "./diffLayout";
import { diffLines, type Hunk } from "./lineDiff";

/** The decorations a relay edit draws, created once for every session. */
export interface EditDecorations {
    removed: vscode.TextEditorDecorationType;
    added: vscode.TextEditorDecorationType;
    teacher: vscode.TextEditorDecorationType;
}

/** `streaming` while the relay writes; `review` while hunks wait for Accept / Reject; `closed` once none waits. */
export type EditPhase = "streaming" | "review" | "closed";

/**
 * One relay edit in one editor: the selection's whole lines replaced, as the answer streams, by the diff of the
 * original against the answer's code, then reviewed hunk by hunk. Every change it makes to the document joins
 * one undo step, so a single undo after the review restores the original.
 */
export class RelayEditSession {
    phase: EditPhase = "streaming";
    /** True when the user stopped the answer before its end. */
    stopped = false;
    hunks: Hunk[] = [];
    private states: HunkState[] = [];
    private teacher = new Set<number>();
    private layout: LayoutLine[];
    /** Lines the region occupies in the document now. */
    private shownLines: number;
    private rendering?: Promise<void>;
    private dirty = false;
    private applying = false;
    private firstEdit = true;
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    /** Fires when the phase, the hunks or their states change. */
    readonly onDidChange = this.changeEmitter.event;
    private readonly watcher: vscode.Disposable;

    constructor(readonly editor: vscode.TextEditor, public startLine: number, private readonly original: readonly string[], private readonly decorations: EditDecorations) {
        this.layout = original.map((text) => ({ text, kind: "same" }));
        this.shownLines = original.length;
        this.watcher = vscode.workspace.onDidChangeTextDocument((change) => this.onDocumentChange(change));
    }

    get document(): vscode.TextDocument {
        return this.editor.document;
    }

    /** The answer so far: its code, diffed against the original, is what the region shows. */
    propose(answer: string, spans: readonly RelaySpan[]): void {
        const code = answerCode(answer);
        const proposed = code.code === "" ? [] : code.code.split("\n");
        this.hunks = diffLines(this.original, proposed);
        this.states = this.hunks.map(() => "pending");
        this.teacher = teacherLines(spans, code);
        this.schedule();
    }

    /** The answer is complete (or stopped): its hunks wait for Accept / Reject; without any the session closes. */
    async review(answer: string, spans: readonly RelaySpan[], stopped: boolean): Promise<void> {
        this.stopped = stopped;
        this.propose(answer, spans);
        this.phase = "review";
        await this.settle();
    }

    /** Decides one hunk, or all pending ones when `index` is undefined. */
    async decide(state: Exclude<HunkState, "pending">, index?: number): Promise<void> {
        if (this.phase !== "review") return;
        this.states = this.states.map((current, at) => (current === "pending" && (index === undefined || index === at) ? state : current));
        await this.settle();
    }

    /** The pending hunk on the document's `line`, else the first pending one below it, else the first pending one. */
    hunkAt(line: number): number | undefined {
        const at = this.layout[line - this.startLine]?.hunk;
        if (at !== undefined) return at;
        const below = this.layout.slice(Math.max(0, line - this.startLine)).find((entry) => entry.hunk !== undefined);
        return below?.hunk ?? this.layout.find((entry) => entry.hunk !== undefined)?.hunk;
    }

    /** Document lines where each pending hunk starts. */
    pendingHunkLines(): Array<{ hunk: number; line: number; teacherLines: number }> {
        const starts: Array<{ hunk: number; line: number; teacherLines: number }> = [];
        this.layout.forEach((entry, offset) => {
            if (entry.hunk === undefined) return;
            const last = starts[starts.length - 1];
            if (last?.hunk === entry.hunk) last.teacherLines += entry.teacher ? 1 : 0;
            else starts.push({ hunk: entry.hunk, line: this.startLine + offset, teacherLines: entry.teacher ? 1 : 0 });
        });
        return starts;
    }

    /** Lines of the proposal the teacher wrote, in all. */
    get teacherLineCount(): number {
        return this.teacher.size;
    }

    private async settle(): Promise<void> {
        if (this.phase === "review" && !this.states.includes("pending")) this.phase = "closed";
        this.schedule();
        await this.rendering;
        this.changeEmitter.fire();
        if (this.phase === "closed") this.dispose();
    }

    private schedule(): void {
        this.dirty = true;
        if (!this.rendering) this.rendering = this.renderLoop();
    }

    /** Renders the latest layout, one at a time: text that streamed in during an edit is drawn by the next. */
    private async renderLoop(): Promise<void> {
        // Started from schedule(), which stores the promise only after this first await returns control.
        await Promise.resolve();
        try {
            while (this.dirty) {
                this.dirty = false;
                await this.render();
            }
        } finally {
            // Cleared in the same turn as the last check of `dirty`, so no schedule() falls between the two unseen.
            this.rendering = undefined;
        }
    }

    private async render(): Promise<void> {
        this.layout = diffLayout(this.original, this.hunks, this.states, this.teacher);
        const document = this.document;
        const last = this.startLine + this.shownLines - 1;
        const range = new vscode.Range(this.startLine, 0, last, document.lineAt(Math.min(last, document.lineCount - 1)).text.length);
        const eol = document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n";
        const text = this.layout.map((line) => line.text).join(eol);
        const closing = this.phase === "closed";
        this.applying = true;
        try {
            const applied = await this.editor.edit((builder) => builder.replace(range, text), { undoStopBefore: this.firstEdit, undoStopAfter: closing });
            if (!applied) throw new Error("the editor refused the edit");
        } finally {
            this.applying = false;
        }
        this.firstEdit = false;
        this.shownLines = Math.max(1, this.layout.length);
        this.decorate();
    }

    private decorate(): void {
        const rangesOf = (keep: (line: LayoutLine) => boolean) =>
            this.phase === "closed" ? [] : this.layout.flatMap((line, offset) => (keep(line) ? [new vscode.Range(this.startLine + offset, 0, this.startLine + offset, 0)] : []));
        this.editor.setDecorations(this.decorations.removed, rangesOf((line) => line.kind === "removed"));
        this.editor.setDecorations(this.decorations.added, rangesOf((line) => line.kind === "added" && !line.teacher));
        this.editor.setDecorations(this.decorations.teacher, rangesOf((line) => line.kind === "added" && line.teacher === true));
    }

    /** Someone else's edit above the region moves it. */
    private onDocumentChange(change: vscode.TextDocumentChangeEvent): void {
        if (this.applying || change.document !== this.document) return;
        for (const edit of change.contentChanges) {
            if (edit.range.end.line >= this.startLine) continue;
            this.startLine += edit.text.split("\n").length - 1 - (edit.range.end.line - edit.range.start.line);
        }
    }

    dispose(): void {
        this.phase = "closed";
        this.watcher.dispose();
        this.decorate();
        this.changeEmitter.dispose();
    }
}
