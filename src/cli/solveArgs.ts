import type { Readable } from "node:stream";
import { RELAY_MODES, type RelayMode } from "../relay";
import { choiceFlag, MODEL_ENV_USAGE, MODEL_FLAGS, MODEL_FLAGS_USAGE, parseFlags, readModelFlags, type ModelArgs } from "./modelFlags";
import { readPromptInput } from "./promptInput";
import { UsageError } from "./usageError";

/** Everything `relayllm solve` accepts, after validation. */
export interface SolveArgs extends ModelArgs {
    /** The question; with `messagesFile`, the next user message after the file's conversation (optional then). */
    prompt?: string;
    /** `--prompt-file FILE`, or `-` for standard input (a lone `-` as PROMPT too): read by {@link readSolveArgs}. */
    promptFile?: string;
    /** `--messages FILE.json`: an OpenAI-style messages array, the conversation so far. */
    messagesFile?: string;
    mode: RelayMode;
    json: boolean;
}

export const SOLVE_USAGE = `usage: relayllm solve [--mode auto|learned|confidence|teacher-free|teacher-only] [--json]
       [--messages FILE.json]   (an OpenAI-style messages array: the conversation so far; PROMPT, if given, is the next user message)
       ${MODEL_FLAGS_USAGE}
       PROMPT | - | --prompt-file FILE   (- reads the prompt from standard input)
${MODEL_ENV_USAGE}`;

export function parseSolveArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SolveArgs {
    const { values, positionals } = parseFlags(argv, { ...MODEL_FLAGS, mode: { type: "string" }, json: { type: "boolean" }, messages: { type: "string" }, "prompt-file": { type: "string" } });
    const promptFile = values["prompt-file"] ?? (positionals.length === 1 && positionals[0] === "-" ? "-" : undefined);
    if (values["prompt-file"] !== undefined && positionals.length > 0) throw new UsageError("give the prompt either as PROMPT or with --prompt-file, not both");
    if (positionals.length === 0 && values.messages === undefined && promptFile === undefined) throw new UsageError("missing PROMPT (pass the question as the last argument, - to read it from standard input, --prompt-file FILE, or a conversation with --messages FILE.json)");
    const model = readModelFlags(values, env);
    const mode: RelayMode = choiceFlag("--mode", values.mode, RELAY_MODES) ?? "auto";
    const prompt = promptFile === undefined && positionals.length > 0 ? positionals.join(" ") : undefined;
    return { ...model, prompt, promptFile, messagesFile: values.messages, mode, json: values.json ?? false };
}

/** {@link parseSolveArgs}, then the prompt read from `--prompt-file` or standard input when one is named. */
export async function readSolveArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, stdin: Readable = process.stdin): Promise<SolveArgs> {
    const args = parseSolveArgs(argv, env);
    if (args.promptFile === undefined) return args;
    return { ...args, prompt: await readPromptInput(args.promptFile, stdin) };
}
