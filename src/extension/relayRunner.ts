import * as vscode from "vscode";
import { readFile } from "node:fs/promises";
import { AbortError, ConfigError, relaySolve, TeacherRequestError, type CallPreview, type ChatMessage, type RelayEvent, type SolveResult } from "../relay";
import { resolveGrammarPath } from "./grammarPath";
import { effectiveMode, readSettings, SETTINGS_SECTION, type Settings } from "./settings";
import { relayOptionsFrom, studentOptionsFrom } from "./solveOptions";
import type { StudentHost } from "./studentHost";
import { resolveTeacher } from "./teacherAccess";
import type { UsageStore } from "./usageStore";
import { SolveBusyError } from "./solveBusyError";
import { SolveTiming } from "./solveTiming";
import { callLogLine, RecordingTeacher, SentLog, type SentCall } from "./sentRequests";
import { confirmCall } from "./confirmCall";
import { hostOf } from "./hostOf";
import { showReadOnlyText } from "./readOnlyText";
import { randomUUID } from "node:crypto";

/**
 * Runs one solve at a time through the engine's event stream, with the settings read fresh for every solve
 * (a changed setting applies to the next solve without a reload), and appends its usage to the store.
 */
export class RelayRunner implements vscode.Disposable {
    private running?: AbortController;
    private readonly stateEmitter = new vscode.EventEmitter<boolean>();
    /** Fires true when a solve starts and false when it ends. */
    readonly onDidChangeRunning = this.stateEmitter.event;
    private problem?: { message: string; baseUrl: string };
    private teacherUrl = "";
    private readonly healthEmitter = new vscode.EventEmitter<void>();
    /** Fires when the teacher became unreachable or answered again. */
    readonly onDidChangeTeacherHealth = this.healthEmitter.event;

    /** Every teacher call of this window, as sent and answered ("Show What Was Sent"). */
    readonly sentLog = new SentLog();

    constructor(
        private readonly context: Pick<vscode.ExtensionContext, "secrets" | "globalState">,
        private readonly students: StudentHost,
        private readonly usage: UsageStore,
        private readonly onNoTeacher: () => void,
        private readonly log?: Pick<vscode.OutputChannel, "appendLine">,
    ) {}

    /** Why the teacher failed in the last solve that tried it (unreachable, timed out, key rejected); undefined once a call works again. */
    get teacherProblem(): string | undefined {
        // A problem belongs to the server it happened with: pointing the settings elsewhere clears it.
        const baseUrl = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION)).teacher.baseUrl;
        return this.problem && this.problem.baseUrl === baseUrl ? this.problem.message : undefined;
    }

    get isRunning(): boolean {
        return this.running !== undefined;
    }

    stop(): void {
        this.running?.abort();
    }

    /** The student's context size in tokens, loading the student when it is not loaded yet (what a relay edit's prompt may fill). */
    async studentContextSize(): Promise<number> {
        return (await this.students.get(studentOptionsFrom(readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION))))).contextSize;
    }

    /**
     * Answers the last user message of `messages` (the conversation so far, see the engine's
     * `RelayOptions.messages`). `withTeacher` allows the teacher for this solve even in teacher-free mode
     * ("Retry with teacher"). `showsNoTeacher`: the front end says itself that no teacher is set (the panel's
     * banner), so the one-time notification is not shown beside it. Cancelling the key dialog cancels the solve
     * (an `AbortError`).
     */
    async run(messages: readonly ChatMessage[], onEvent: (event: RelayEvent) => void, token?: vscode.CancellationToken, options: { withTeacher?: boolean; solveId?: string; showsNoTeacher?: boolean } = {}): Promise<SolveResult> {
        if (this.running) throw new SolveBusyError();
        const abort = new AbortController();
        this.running = abort;
        const cancel = token?.onCancellationRequested(() => abort.abort());
        this.setSolving(true);
        try {
            const timing = new SolveTiming();
            const read = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
            const settings = options.withTeacher ? allowTeacher(read) : read;
            this.teacherUrl = settings.teacher.baseUrl;
            const grammar = settings.student.grammarFile ? await readGrammar(settings.student.grammarFile) : undefined;
            const student = await this.students.get(studentOptionsFrom(settings));
            // effectiveMode decides; a teacher-free solve is never given one.
            const resolved = effectiveMode(settings) === "teacher-free" ? undefined : await resolveTeacher(settings, this.context, abort.signal).catch((error: unknown) => this.noteTeacherError(error));
            if (abort.signal.aborted) throw new AbortError("the solve was stopped");
            const solveId = options.solveId ?? randomUUID();
            const logCall = (call: number, entry: SentCall) => this.log?.appendLine(callLogLine(call, entry, settings.teacher.logCallText));
            const teacher = resolved && new RecordingTeacher(resolved, solveId, this.sentLog, logCall);
            const host = hostOf(settings.teacher.baseUrl);
            let result: SolveResult | undefined;
            timing.ready();
            for await (const event of relaySolve({
                ...relayOptionsFrom(settings, this.usage.summary().costUSD),
                ...(settings.teacher.confirmEachCall ? { confirmCall: (preview: CallPreview) => confirmCall(preview, host, (text) => showReadOnlyText(text, "Text for the teacher.txt")) } : {}),
                student,
                teacher,
                messages,
                grammar,
                signal: abort.signal,
            })) {
                if (event.type === "done") result = event.result;
                timing.observe(event);
                this.watchTeacher(event);
                onEvent(event);
            }
            if (!result) throw new Error("the relay ended without a result");
            this.log?.appendLine(timing.line(result));
            // Only the panel names its solves (by turn id): only its rows can open a conversation.
            this.usage.append(result, this.sentLog.sentChars(solveId), options.solveId);
            // After a teacher-free answer, not before: a solve that fails must not use up the one-time notice.
            if (!settings.teacher.baseUrl && !options.showsNoTeacher) this.onNoTeacher();
            return result;
        } finally {
            cancel?.dispose();
            this.running = undefined;
            this.setSolving(false);
        }
    }

    /** The `relay.solving` context key shows the view's stop icon only while a solve runs. */
    private setSolving(solving: boolean): void {
        void vscode.commands.executeCommand("setContext", "relay.solving", solving);
        this.stateEmitter.fire(solving);
    }

    private watchTeacher(event: RelayEvent): void {
        if (event.type === "teacher-error" && event.kind !== "bad-request" && event.kind !== "rate-limit") this.setProblem(event.message);
        if (event.type === "teacher-done" && event.record.finishReason !== "error") this.setProblem(undefined);
    }

    private noteTeacherError(error: unknown): never {
        if (error instanceof TeacherRequestError) this.setProblem(error.message);
        throw error;
    }

    private setProblem(message: string | undefined): void {
        if (message === this.problem?.message && this.teacherUrl === this.problem?.baseUrl) return;
        this.problem = message === undefined ? undefined : { message, baseUrl: this.teacherUrl };
        this.healthEmitter.fire();
    }

    dispose(): void {
        this.stop();
        this.stateEmitter.dispose();
        this.healthEmitter.dispose();
    }
}

/** The settings for "Retry with teacher": teacher-free off. */
function allowTeacher(settings: Settings): Settings {
    return { ...settings, teacherFree: false };
}

async function readGrammar(path: string): Promise<string> {
    const resolved = resolveGrammarPath(path, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
    try {
        return await readFile(resolved, "utf8");
    } catch (error) {
        throw new ConfigError(`cannot read the grammar file ${resolved} (relay.student.grammarFile): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
}
