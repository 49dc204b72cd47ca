import type { Student, StudentSession, StudentSessionOptions, StudentTurn } from "../../src/relay";

/** Wraps a real student and keeps every session and turn, to read how many input tokens each turn evaluated. */
export class RecordingStudent implements Student {
    readonly sessions: StudentSession[] = [];
    readonly turns: StudentTurn[] = [];

    constructor(private readonly inner: Student) {}

    get info() {
        return this.inner.info;
    }

    async startSession(options: StudentSessionOptions): Promise<StudentSession> {
        const session = await this.inner.startSession(options);
        const turns = this.turns;
        const recorded: StudentSession = {
            templatedPrompt: session.templatedPrompt,
            droppedMessages: session.droppedMessages,
            reusedPromptTokens: session.reusedPromptTokens,
            promptTokens: session.promptTokens,
            generate: async (request) => {
                const turn = await session.generate(request);
                turns.push(turn);
                return turn;
            },
            append: (text) => session.append(text),
            countTokens: (text) => session.countTokens(text),
            dispose: () => session.dispose(),
        };
        this.sessions.push(recorded);
        return recorded;
    }
}
