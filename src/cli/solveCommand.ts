import { readFile } from "node:fs/promises";
import { relaySolve, type RelayEvent, type SolveResult, type Teacher } from "../relay";
import { loadWorkerStudent } from "../student";
import { OpenAiTeacher, normalizeTeacherUrl, probeTeacher } from "../teacher";
import { HumanRenderer, terminalStyle } from "./humanRenderer";
import { jsonReport } from "./jsonReport";
import { parseSolveArgs, SOLVE_USAGE } from "./solveArgs";
import { UsageError } from "./usageError";

/** The API key only ever comes from the environment, never from a flag (flags end up in shell history). */
export function teacherApiKey(env: NodeJS.ProcessEnv): string | undefined {
    return env.RELAY_TEACHER_API_KEY || env.OPENAI_API_KEY || undefined;
}

export async function runSolve(argv: string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        process.stdout.write(SOLVE_USAGE + "\n");
        return 0;
    }
    const args = parseSolveArgs(argv);
    const grammar = args.grammarFile === undefined ? undefined : await readFile(args.grammarFile, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read --grammar file ${args.grammarFile}: ${error.code ?? error.message}`);
    });

    let teacher: Teacher | undefined;
    if (args.teacherUrl) {
        const baseURL = normalizeTeacherUrl(args.teacherUrl);
        const apiKey = teacherApiKey(process.env);
        await probeTeacher(baseURL, apiKey);
        teacher = new OpenAiTeacher({ baseURL, apiKey, model: args.teacherModel, api: args.teacherApi });
    } else if (args.mode === "teacher-only") {
        throw new UsageError("--mode teacher-only needs --teacher-url");
    }

    const progress = process.stderr.isTTY && !args.json;
    const student = await loadWorkerStudent({
        model: args.student,
        threads: args.threads,
        gpu: args.gpu,
        onDownloadProgress: progress
            ? ({ downloadedSize, totalSize }) => process.stderr.write(`\rdownloading model: ${totalSize ? Math.floor((100 * downloadedSize) / totalSize) : 0}%`)
            : undefined,
    });

    const abort = new AbortController();
    const onSigint = () => {
        if (abort.signal.aborted) process.exit(130);
        abort.abort();
    };
    process.on("SIGINT", onSigint);
    try {
        const renderer = new HumanRenderer(terminalStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR), (text) => process.stdout.write(text));
        const events: RelayEvent[] = [];
        let result: SolveResult | undefined;
        for await (const event of relaySolve({
            student,
            teacher,
            userPrompt: args.prompt,
            mode: args.mode,
            maxCalls: args.maxCalls,
            maxCallTokens: args.maxCallTokens,
            maxTeacherTokensPerSolve: args.maxTeacherTokens,
            maxTokens: args.maxTokens,
            grammar,
            seed: args.seed,
            temperature: args.temperature,
            confidence: { threshold: args.confidenceThreshold, callTokens: args.confidenceTokens },
            prices: args.prices,
            signal: abort.signal,
        })) {
            events.push(event);
            if (event.type === "done") result = event.result;
            if (!args.json) renderer.render(event);
        }
        if (args.json && result) process.stdout.write(JSON.stringify(jsonReport(result, events)) + "\n");
        return result?.stopReason === "aborted" ? 130 : 0;
    } finally {
        process.off("SIGINT", onSigint);
        await student.dispose();
    }
}
