import { RELAY_MODES, type RelayMode } from "../relay";
import { MODEL_ENV_USAGE, MODEL_FLAGS, MODEL_FLAGS_USAGE, parseFlags, readModelFlags, type ModelArgs } from "./modelFlags";
import { UsageError } from "./usageError";

/** Everything `relayllm solve` accepts, after validation. */
export interface SolveArgs extends ModelArgs {
    /** The question; with `messagesFile`, the next user message after the file's conversation (optional then). */
    prompt?: string;
    /** `--messages FILE.json`: an OpenAI-style messages array, the conversation so far. */
    messagesFile?: string;
    mode: RelayMode;
    json: boolean;
}

export const SOLVE_USAGE = `usage: relayllm solve [--mode auto|learned|confidence|teacher-free|teacher-only] [--json]
       [--messages FILE.json]   (an OpenAI-style messages array: the conversation so far; PROMPT, if given, is the next user message)
       ${MODEL_FLAGS_USAGE}
       PROMPT
${MODEL_ENV_USAGE}`;

export function parseSolveArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SolveArgs {
    const { values, positionals } = parseFlags(argv, { ...MODEL_FLAGS, mode: { type: "string" }, json: { type: "boolean" }, messages: { type: "string" } });
    if (positionals.length === 0 && values.messages === undefined) throw new UsageError("missing PROMPT (pass the question as the last argument, or a conversation with --messages FILE.json)");
    const model = readModelFlags(values, env);
    const mode = (values.mode ?? "auto") as RelayMode;
    if (!RELAY_MODES.includes(mode)) throw new UsageError(`--mode must be one of ${RELAY_MODES.join(", ")}, got "${values.mode}"`);
    return { ...model, prompt: positionals.length > 0 ? positionals.join(" ") : undefined, messagesFile: values.messages, mode, json: values.json ?? false };
}
