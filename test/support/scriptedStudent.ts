import { StudentCrashedError, type Student, type StudentGenerateRequest, type StudentSession, type StudentSessionOptions, type StudentStopReason, type StudentTurn } from "../../src/relay";

/** One scripted student turn: the text it writes and how the turn ends (default `stop-string` when it ends in `</call>`, else `eos`). */
export interface ScriptedTurn {
    text: string;
    stopReason?: StudentStopReason;
}

/** Counts one token per character (code point): a tokenizer whose counts a test can do in its head. */
export function scriptedTokenCount(text: string): number {
    return [...text].length;
}

/**
 * A SCRIPTED FAKE student for unit tests of the relay loop's decisions (no model): it plays the given turns
 * in order (then ends with `eos`), streams each in small pieces, honours `maxTokens` and the abort signal,
 * counts one token per character, and records everything appended to its context. `crash()` makes it
 * behave like a worker process that died: `lost` aborts and every later call rejects.
 */
export class ScriptedStudent implements Student {
    readonly info = { name: "scripted-student", relayTrained: true };
    /** Everything in the student's context after the prompt: its own turns and appended (teacher) text. */
    context = "";
    /** Texts passed to `append`, in order. */
    readonly appended: string[] = [];
    /** Options of every session started. */
    readonly sessions: StudentSessionOptions[] = [];
    private readonly turns: ScriptedTurn[];
    private readonly lostController = new AbortController();

    constructor(turns: ReadonlyArray<ScriptedTurn | string>) {
        this.turns = turns.map((turn) => (typeof turn === "string" ? { text: turn } : { ...turn }));
    }

    /** Simulates the worker process dying now. */
    crash(): void {
        this.lostController.abort(new StudentCrashedError("The student worker process (scripted) was killed by SIGKILL unexpectedly."));
    }

    async startSession(options: StudentSessionOptions): Promise<StudentSession> {
        this.sessions.push(options);
        const prompt = options.messages.map((message) => `<|${message.role}|>${message.content}`).join("") + "<|assistant|>";
        const student = this;
        const alive = () => {
            if (student.lostController.signal.aborted) throw student.lostController.signal.reason;
        };
        return {
            templatedPrompt: prompt,
            droppedMessages: 0,
            reusedPromptTokens: 0,
            promptTokens: scriptedTokenCount(prompt),
            lost: this.lostController.signal,
            async generate(request: StudentGenerateRequest): Promise<StudentTurn> {
                alive();
                const turn = student.turns.shift() ?? { text: "", stopReason: "eos" };
                const characters = [...turn.text];
                let stopReason: StudentStopReason = turn.stopReason ?? (turn.text.endsWith("</call>") ? "stop-string" : "eos");
                if (characters.length > request.maxTokens) {
                    characters.length = request.maxTokens;
                    stopReason = "max-tokens";
                }
                let written = "";
                for (let at = 0; at < characters.length; at += 3) {
                    await Promise.resolve();
                    alive();
                    if (request.signal?.aborted) {
                        stopReason = "aborted";
                        break;
                    }
                    const piece = characters.slice(at, at + 3).join("");
                    written += piece;
                    request.onText?.(piece);
                }
                student.context += written;
                return { text: written, tokens: scriptedTokenCount(written), stopReason, inputTokensEvaluated: 0 };
            },
            async append(text: string): Promise<number> {
                alive();
                student.appended.push(text);
                student.context += text;
                return scriptedTokenCount(text);
            },
            async countTokens(text: string): Promise<number> {
                alive();
                return scriptedTokenCount(text);
            },
            async dispose(): Promise<void> {},
        };
    }
}
