import { readFile } from "node:fs/promises";
import type { RelayOptions, Teacher } from "../relay";
import { GrammarError, loadWorkerStudent, type WorkerStudent } from "../student";
import { OpenAiTeacher, normalizeTeacherUrl, probeTeacher, teacherApiKeyFromEnv } from "../teacher";
import type { ModelArgs } from "./modelFlags";
import { UsageError } from "./usageError";

/** The teacher named by `--teacher-url`, checked to answer at all; undefined without a URL. */
export async function connectTeacher(args: Pick<ModelArgs, "teacherUrl" | "teacherModel" | "teacherApi" | "teacherTimeoutSeconds" | "teacherMinTokensPerSecond">, env: NodeJS.ProcessEnv = process.env): Promise<Teacher | undefined> {
    if (!args.teacherUrl) return undefined;
    const baseURL = normalizeTeacherUrl(args.teacherUrl);
    // Never a flag: flags end up in shell history.
    const apiKey = teacherApiKeyFromEnv(env);
    const timeoutMs = args.teacherTimeoutSeconds === undefined ? undefined : Math.round(args.teacherTimeoutSeconds * 1000);
    await probeTeacher(baseURL, apiKey, timeoutMs);
    return new OpenAiTeacher({ baseURL, apiKey, model: args.teacherModel, api: args.teacherApi, timeoutMs, minTokensPerSecond: args.teacherMinTokensPerSecond });
}

/**
 * Starts the student worker; with `progress`, a model download reports its percentage on stderr. `sequences`:
 * the solves that will run at once, decoded together in one batch (default 1).
 */
export function loadStudent(args: Pick<ModelArgs, "student" | "threads" | "gpu" | "relayTrained">, progress: boolean, sequences?: number): Promise<WorkerStudent> {
    return loadWorkerStudent({
        model: args.student,
        threads: args.threads,
        sequences,
        gpu: args.gpu,
        relayTrained: args.relayTrained,
        onDownloadProgress: progress
            ? ({ downloadedSize, totalSize }) => process.stderr.write(`\rdownloading model: ${totalSize ? Math.floor((100 * downloadedSize) / totalSize) : 0}%`)
            : undefined,
    });
}

/** The `--grammar` file's text, or undefined without the flag. */
export async function readGrammar(file: string | undefined): Promise<string | undefined> {
    if (file === undefined) return undefined;
    return readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read --grammar file ${file}: ${error.code ?? error.message}`);
    });
}

/** The engine options the shared flags set (limits, sampling, prices); mode, models and prompt are the caller's. */
export function relayOptionsFrom(args: ModelArgs, grammar: string | undefined): Omit<RelayOptions, "student" | "teacher" | "userPrompt" | "mode" | "signal"> {
    return {
        protocol: args.protocol,
        maxCalls: args.maxCalls,
        maxCallTokens: args.maxCallTokens,
        maxTeacherTokensPerSolve: args.maxTeacherTokens,
        maxTokens: args.maxTokens,
        grammar,
        seed: args.seed,
        temperature: args.temperature,
        confidence: { trigger: args.trigger, threshold: args.confidenceThreshold, callTokens: args.confidenceTokens, cooldownTokens: args.confidenceCooldown },
        prices: args.prices,
    };
}

/** A grammar the student rejected, named by the file it came from (the worker sees only its text): a usage error. */
export function namingGrammarFile(error: unknown, grammarFile: string | undefined): unknown {
    return error instanceof GrammarError && grammarFile ? new UsageError(`grammar file ${grammarFile}: ${error.message}`) : error;
}
