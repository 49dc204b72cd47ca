import { parseArgs } from "node:util";
import { RELAY_MODES, type RelayMode } from "../relay";
import { UsageError } from "./usageError";

/** Everything `relayllm solve` accepts, after validation. */
export interface SolveArgs {
    prompt: string;
    student: string;
    teacherUrl?: string;
    teacherModel: string;
    teacherApi: "completions" | "chat";
    mode: RelayMode;
    maxCallTokens?: number;
    maxTeacherTokens?: number;
    maxCalls?: number;
    maxTokens?: number;
    grammarFile?: string;
    seed?: number;
    temperature?: number;
    threads?: number;
    gpu: "auto" | false;
    confidenceThreshold?: number;
    confidenceTokens?: number;
    prices: { inputPerMillion: number; cachedInputPerMillion?: number; outputPerMillion: number };
    json: boolean;
}

export const SOLVE_USAGE = `usage: relayllm solve [--student PATH|hf:URI] [--teacher-url URL] [--teacher-model NAME]
       [--teacher-api completions|chat] [--mode auto|learned|confidence|teacher-free|teacher-only]
       [--max-call-tokens N] [--max-teacher-tokens N] [--max-calls N] [--max-tokens N] [--grammar FILE]
       [--seed N] [--temperature T] [--threads N] [--no-gpu] [--confidence-threshold P] [--confidence-tokens K]
       [--price-input USD] [--price-cached-input USD] [--price-output USD] [--json] PROMPT
The teacher API key comes from RELAY_TEACHER_API_KEY or OPENAI_API_KEY; --student and --teacher-url
default to RELAYLLM_STUDENT and RELAYLLM_TEACHER_URL.`;

function integer(flag: string, raw: string | undefined, min: number): number | undefined {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`${flag} expects an integer >= ${min}, got "${raw}"`);
    return Number(raw);
}

function decimal(flag: string, raw: string | undefined, min: number, max = Number.POSITIVE_INFINITY): number | undefined {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value) || value < min || value > max) throw new UsageError(`${flag} expects a number in [${min}, ${max}], got "${raw}"`);
    return value;
}

export function parseSolveArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SolveArgs {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                student: { type: "string" },
                "teacher-url": { type: "string" },
                "teacher-model": { type: "string" },
                "teacher-api": { type: "string" },
                mode: { type: "string" },
                "max-call-tokens": { type: "string" },
                "max-teacher-tokens": { type: "string" },
                "max-calls": { type: "string" },
                "max-tokens": { type: "string" },
                grammar: { type: "string" },
                seed: { type: "string" },
                temperature: { type: "string" },
                threads: { type: "string" },
                "no-gpu": { type: "boolean" },
                "confidence-threshold": { type: "string" },
                "confidence-tokens": { type: "string" },
                "price-input": { type: "string" },
                "price-cached-input": { type: "string" },
                "price-output": { type: "string" },
                json: { type: "boolean" },
            },
        });
    } catch (error) {
        throw new UsageError((error as Error).message.split("\n")[0]!);
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0) throw new UsageError("missing PROMPT (pass the question as the last argument)");
    const student = values.student ?? env.RELAYLLM_STUDENT;
    if (!student) throw new UsageError("missing --student (a .gguf path or an hf: URI)");
    const mode = (values.mode ?? "auto") as RelayMode;
    if (!RELAY_MODES.includes(mode)) throw new UsageError(`--mode must be one of ${RELAY_MODES.join(", ")}, got "${values.mode}"`);
    const teacherApi = values["teacher-api"] ?? "completions";
    if (teacherApi !== "completions" && teacherApi !== "chat") throw new UsageError(`--teacher-api must be completions or chat, got "${teacherApi}"`);
    return {
        prompt: positionals.join(" "),
        student,
        teacherUrl: values["teacher-url"] ?? env.RELAYLLM_TEACHER_URL,
        teacherModel: values["teacher-model"] ?? env.RELAYLLM_TEACHER_MODEL ?? "default",
        teacherApi,
        mode,
        maxCallTokens: integer("--max-call-tokens", values["max-call-tokens"], 1),
        maxTeacherTokens: integer("--max-teacher-tokens", values["max-teacher-tokens"], 0),
        maxCalls: integer("--max-calls", values["max-calls"], 0),
        maxTokens: integer("--max-tokens", values["max-tokens"], 1),
        grammarFile: values.grammar,
        seed: integer("--seed", values.seed, 0),
        temperature: decimal("--temperature", values.temperature, 0, 2),
        threads: integer("--threads", values.threads, 1),
        gpu: values["no-gpu"] ? false : "auto",
        confidenceThreshold: decimal("--confidence-threshold", values["confidence-threshold"], 0, 1),
        confidenceTokens: integer("--confidence-tokens", values["confidence-tokens"], 1),
        prices: {
            inputPerMillion: decimal("--price-input", values["price-input"], 0) ?? 0,
            cachedInputPerMillion: decimal("--price-cached-input", values["price-cached-input"], 0),
            outputPerMillion: decimal("--price-output", values["price-output"], 0) ?? 0,
        },
        json: values.json ?? false,
    };
}
