import { isAbortError, relaySolve, StudentCrashedError, type RelayEvent, type SolveResult } from "../relay";
import { HumanRenderer, terminalStyle } from "./humanRenderer";
import { jsonReport } from "./jsonReport";
import { readMessagesFile } from "./messagesFile";
import { connectTeacher, loadStudent, namingGrammarFile, readGrammar, relayOptionsFrom } from "./modelSetup";
import { readSolveArgs, SOLVE_USAGE } from "./solveArgs";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

export async function runSolve(argv: string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        await writeStdout(SOLVE_USAGE + "\n");
        return 0;
    }
    const args = await readSolveArgs(argv);
    try {
        return await solveWithArgs(args);
    } catch (error) {
        throw namingGrammarFile(error, args.grammarFile);
    }
}

async function solveWithArgs(args: Awaited<ReturnType<typeof readSolveArgs>>): Promise<number> {
    const grammar = await readGrammar(args.grammarFile);
    const messages = [...(args.messagesFile ? await readMessagesFile(args.messagesFile) : []), ...(args.prompt !== undefined ? [{ role: "user" as const, content: args.prompt }] : [])];
    if (!args.teacherUrl && args.mode === "teacher-only") throw new UsageError("--mode teacher-only needs --teacher-url");
    const teacher = await connectTeacher(args);
    const student = await loadStudent(args, process.stderr.isTTY && !args.json);

    const abort = new AbortController();
    const onSigint = () => {
        if (abort.signal.aborted) process.exit(130);
        abort.abort();
        // A cancel ends the solve at the student's next token; a step that has none for a while (evaluating a
        // long prompt) must not hold the user: after a second we exit, and the exit hooks kill the worker.
        setTimeout(() => process.exit(130), 1000).unref();
    };
    process.on("SIGINT", onSigint);
    try {
        const renderer = new HumanRenderer(terminalStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR), (text) => process.stdout.write(text));
        const events: RelayEvent[] = [];
        let result: SolveResult | undefined;
        const solving = relaySolve({ ...relayOptionsFrom(args, grammar), student, teacher, messages, mode: args.mode, signal: abort.signal });
        try {
            for await (const event of solving) {
                events.push(event);
                if (event.type === "done") result = event.result;
                if (!args.json) renderer.render(event);
            }
        } catch (error) {
            // Ctrl-C before the answer began (a long conversation still being fitted): nothing to print.
            if (abort.signal.aborted && isAbortError(error)) return 130;
            // The answer up to a student crash is still printed; main then reports the crash in one line (exit 1).
            if (args.json && error instanceof StudentCrashedError && error.partial) await writeStdout(JSON.stringify(jsonReport(error.partial, events)) + "\n");
            else if (!args.json && error instanceof StudentCrashedError) await writeStdout("\n");
            throw error;
        }
        // main exits right after: each write resolves only once the OS has the text, so a pipe gets all of it.
        if (args.json && result) await writeStdout(JSON.stringify(jsonReport(result, events)) + "\n");
        else await writeStdout("");
        return result?.stopReason === "aborted" ? 130 : 0;
    } finally {
        process.off("SIGINT", onSigint);
        await student.dispose();
    }
}
