import * as vscode from "vscode";
import { readFile } from "node:fs/promises";
import { ConfigError, relaySolve, type ChatMessage, type RelayEvent, type SolveResult } from "../relay";
import { readSettings, SETTINGS_SECTION } from "./settings";
import { relayOptionsFrom, studentOptionsFrom } from "./solveOptions";
import type { StudentHost } from "./studentHost";
import { resolveTeacher } from "./teacherAccess";
import type { UsageStore } from "./usageStore";

/** A solve is already running; the UI says so instead of queueing silently. */
export class SolveBusyError extends Error {
    override name = "SolveBusyError";
    constructor() {
        super("Relay is already solving; stop it first (Relay: Stop).");
    }
}

/**
 * Runs one solve at a time through the engine's event stream, with the settings read fresh for every solve
 * (a changed setting applies to the next solve without a reload), and appends its usage to the store.
 */
export class RelayRunner implements vscode.Disposable {
    private running?: AbortController;
    private readonly stateEmitter = new vscode.EventEmitter<boolean>();
    /** Fires true when a solve starts and false when it ends. */
    readonly onDidChangeRunning = this.stateEmitter.event;

    constructor(
        private readonly context: Pick<vscode.ExtensionContext, "secrets" | "globalState">,
        private readonly students: StudentHost,
        private readonly usage: UsageStore,
        private readonly onNoTeacher: () => void,
    ) {}

    get isRunning(): boolean {
        return this.running !== undefined;
    }

    stop(): void {
        this.running?.abort();
    }

    /** Answers the last user message of `messages` (the conversation so far, see the engine's `RelayOptions.messages`). */
    async run(messages: readonly ChatMessage[], onEvent: (event: RelayEvent) => void, token?: vscode.CancellationToken): Promise<SolveResult> {
        if (this.running) throw new SolveBusyError();
        const abort = new AbortController();
        this.running = abort;
        const cancel = token?.onCancellationRequested(() => abort.abort());
        this.stateEmitter.fire(true);
        try {
            const settings = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
            if (!settings.teacher.baseUrl) this.onNoTeacher();
            const grammar = settings.student.grammarFile ? await readGrammar(settings.student.grammarFile) : undefined;
            const student = await this.students.get(studentOptionsFrom(settings));
            const teacher = settings.teacherFree ? undefined : await resolveTeacher(settings, this.context);
            let result: SolveResult | undefined;
            for await (const event of relaySolve({
                ...relayOptionsFrom(settings, this.usage.summary().costUSD),
                ...(teacher ? {} : { mode: "teacher-free" as const }),
                student,
                teacher,
                messages,
                grammar,
                signal: abort.signal,
            })) {
                if (event.type === "done") result = event.result;
                onEvent(event);
            }
            if (!result) throw new Error("the relay ended without a result");
            this.usage.append(result);
            return result;
        } finally {
            cancel?.dispose();
            this.running = undefined;
            this.stateEmitter.fire(false);
        }
    }

    dispose(): void {
        this.stop();
        this.stateEmitter.dispose();
    }
}

async function readGrammar(path: string): Promise<string> {
    const resolved = vscode.workspace.workspaceFolders?.[0] && !path.startsWith("/") ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, path).fsPath : path;
    try {
        return await readFile(resolved, "utf8");
    } catch (error) {
        throw new ConfigError(`cannot read the grammar file ${resolved} (relay.student.grammarFile): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
}
