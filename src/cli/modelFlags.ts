import { parseArgs, type ParseArgsConfig } from "node:util";
import { CONFIDENCE_TRIGGERS, DEFAULT_TRIGGER_THRESHOLDS, PROTOCOL_DEFAULTS, RELAY_DEFAULTS, RELAY_PROTOCOLS, type ConfidenceTriggerName, type RelayProtocolName, type TeacherPrices } from "../relay";
import { defaultMinTokensPerSecond, defaultTimeoutSeconds } from "../teacher";
import { UsageError } from "./usageError";

/** The student, teacher, limit and sampling flags that `solve` and `bench` share, after validation. */
export interface ModelArgs {
    student: string;
    teacherUrl?: string;
    teacherModel: string;
    teacherApi: "completions" | "chat";
    /** `--protocol`: the engine's named set of defaults; undefined = ours (`relay`). */
    protocol?: RelayProtocolName;
    /** `--teacher-timeout`: the longest teacher silence in seconds; undefined = the adapter's default (20). */
    teacherTimeoutSeconds?: number;
    /** `--teacher-min-speed`: tokens per second a call must average; undefined = the adapter's default (5). */
    teacherMinTokensPerSecond?: number;
    maxCallTokens?: number;
    maxTeacherTokens?: number;
    maxCalls?: number;
    maxTokens?: number;
    grammarFile?: string;
    seed?: number;
    temperature?: number;
    threads?: number;
    gpu: "auto" | false;
    /** `--relay-trained true|false`: whether the student counts as relay-trained; undefined (`auto`) = read from its GGUF. */
    relayTrained?: boolean;
    /** `--trigger`: what decides a confidence-mode call; undefined = the engine's default (top1). */
    trigger?: ConfidenceTriggerName;
    /** `--trigger-threshold` (or its older name `--confidence-threshold`); undefined = the trigger's default. */
    confidenceThreshold?: number;
    confidenceTokens?: number;
    /** `--confidence-cooldown`: student tokens after a call before the next; undefined = the engine's default. */
    confidenceCooldown?: number;
    prices: TeacherPrices;
}

/** The shared flags that take a value (parsed and checked after `parseArgs`, which sees only strings). */
const VALUE_FLAGS = [
    "student",
    "teacher-url",
    "teacher-model",
    "teacher-api",
    "teacher-timeout",
    "teacher-min-speed",
    "protocol",
    "max-call-tokens",
    "max-teacher-tokens",
    "max-calls",
    "max-tokens",
    "grammar",
    "seed",
    "temperature",
    "threads",
    "relay-trained",
    "confidence-threshold",
    "confidence-tokens",
    "trigger",
    "trigger-threshold",
    "confidence-cooldown",
    "price-input",
    "price-cached-input",
    "price-output",
] as const;

type ValueFlags = { [Name in (typeof VALUE_FLAGS)[number]]: { type: "string" } };

/** `parseArgs` definitions of the shared flags. */
export const MODEL_FLAGS = {
    ...(Object.fromEntries(VALUE_FLAGS.map((name) => [name, { type: "string" }])) as ValueFlags),
    "no-gpu": { type: "boolean" as const },
} satisfies NonNullable<ParseArgsConfig["options"]>;

/** Usage text of the shared flags, for the commands' help. */
export const MODEL_FLAGS_USAGE = `[--student PATH|hf:URI] [--teacher-url URL] [--teacher-model NAME] [--teacher-api completions|chat]
       [--teacher-timeout SECONDS] [--teacher-min-speed TOKENS_PER_S] [--protocol ${RELAY_PROTOCOLS.join("|")}]
       [--max-call-tokens N] [--max-teacher-tokens N] [--max-calls N] [--max-tokens N] [--grammar FILE]
       [--seed N] [--temperature T] [--threads N] [--no-gpu] [--relay-trained true|false|auto] [--trigger ${CONFIDENCE_TRIGGERS.join("|")}]
       [--trigger-threshold X] [--confidence-tokens K] [--confidence-cooldown N]
       [--price-input USD] [--price-cached-input USD] [--price-output USD]
Defaults (--protocol relay): --max-calls ${RELAY_DEFAULTS.maxCalls}, --max-call-tokens ${RELAY_DEFAULTS.maxCallTokens}, --max-teacher-tokens ${RELAY_DEFAULTS.maxTeacherTokensPerSolve}, --max-tokens ${RELAY_DEFAULTS.maxTokens},
--temperature ${RELAY_DEFAULTS.temperature}, --trigger ${RELAY_DEFAULTS.confidence.trigger}, --confidence-tokens ${RELAY_DEFAULTS.confidence.callTokens}, --confidence-cooldown ${RELAY_DEFAULTS.confidence.cooldownTokens}
(tokens after a call before the next; none before the first). --trigger-threshold (--confidence-threshold) defaults per trigger:
${CONFIDENCE_TRIGGERS.map((trigger) => `${trigger} ${DEFAULT_TRIGGER_THRESHOLDS[trigger]}`).join(", ")} (top1: probability below; entropy, step: nats above; margin: top-2 gap below;
random: per-token call probability). --teacher-timeout (default ${defaultTimeoutSeconds}) is the longest teacher silence; a call
gets that plus its grant at --teacher-min-speed (default ${defaultMinTokensPerSecond}) tokens per second in all, then ends with the text it
sent. --relay-trained (default auto: GGUF metadata relayllm.trained, else
a "relay" name) decides what --mode auto runs: learned for a relay-trained student, else confidence. --protocol reference runs the
paper's reference loop exactly (5 student turns, no caps but --max-tokens ${PROTOCOL_DEFAULTS.reference.maxTokens}, reference sampling; docs/relay.md).`;

export const MODEL_ENV_USAGE = `The teacher API key comes from RELAY_TEACHER_API_KEY or OPENAI_API_KEY; --student and --teacher-url
default to RELAYLLM_STUDENT and RELAYLLM_TEACHER_URL.`;

/** A value that reads as a negative number, which `parseArgs` would take for a flag ("argument is ambiguous"). */
const negativeNumber = /^-(\d|\.\d)/;

/**
 * `parseArgs` in strict mode, its errors turned into one-line usage errors. `--flag -5` passes -5 on to the
 * flag's own range check; a value flag followed by another flag or by nothing gets a message of ours.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
    const args: string[] = [];
    for (let index = 0; index < argv.length; index++) {
        const arg = argv[index]!;
        if (arg === "--") {
            args.push(...argv.slice(index));
            break;
        }
        const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
        if (name === undefined || options[name]?.type !== "string") {
            args.push(arg);
            continue;
        }
        const value = argv[index + 1];
        if (value === undefined) throw new UsageError(`${arg} needs a value`);
        if (value.startsWith("-") && value !== "-" && !negativeNumber.test(value)) {
            throw new UsageError(`${arg} needs a value, got the flag ${value} (for a value that starts with "-", write ${arg}=VALUE)`);
        }
        args.push(`${arg}=${value}`);
        index++;
    }
    try {
        return parseArgs({ args, allowPositionals: true, strict: true, options });
    } catch (error) {
        throw new UsageError((error as Error).message.split("\n")[0]!);
    }
}

/** An optional integer flag of at least `min` (a safe integer). */
export function integerFlag(flag: string, raw: string | undefined, min: number): number | undefined {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (/^\d+$/.test(raw.trim()) && Number.isSafeInteger(value) && value >= min) return value;
    const wanted = min === 1 ? "a positive integer" : min === 0 ? "0 or a positive integer" : `an integer >= ${min}`;
    const tooLarge = /^\d+$/.test(raw.trim()) && !Number.isSafeInteger(value) ? " (too large)" : "";
    throw new UsageError(`${flag} must be ${wanted}, got ${raw}${tooLarge}`);
}

/** An optional flag that must be one of `allowed`. */
export function choiceFlag<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got "${raw}"`);
    return raw as T;
}

/** An optional number flag in [min, max]. */
export function decimalFlag(flag: string, raw: string | undefined, min: number, max = Number.POSITIVE_INFINITY): number | undefined {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() !== "" && Number.isFinite(value) && value >= min && value <= max) return value;
    const wanted = max === Number.POSITIVE_INFINITY ? `a number >= ${min}` : `a number from ${min} to ${max}`;
    throw new UsageError(`${flag} must be ${wanted}, got ${raw}`);
}

/** `--teacher-timeout`: seconds above 0, fractions allowed (tests use short ones), at most an hour. */
function timeoutFlag(raw: string | undefined): number | undefined {
    const seconds = decimalFlag("--teacher-timeout", raw, 0, 3600);
    if (seconds === 0) throw new UsageError(`--teacher-timeout must be above 0 seconds, got "${raw}"`);
    // Whole milliseconds: the adapter counts in them.
    return seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000)) / 1000;
}

/** `--teacher-min-speed`: tokens per second above 0 (fractions allowed), at most 10^6. */
function minSpeedFlag(raw: string | undefined): number | undefined {
    const speed = decimalFlag("--teacher-min-speed", raw, 0, 1_000_000);
    if (speed === 0) throw new UsageError(`--teacher-min-speed must be above 0 tokens per second, got "${raw}"`);
    return speed;
}

type ModelFlagValues = { [K in keyof typeof MODEL_FLAGS]?: (typeof MODEL_FLAGS)[K]["type"] extends "boolean" ? boolean : string };

/** Validates the shared flags; the environment supplies `--student`, `--teacher-url` and `--teacher-model` defaults. */
export function readModelFlags(values: ModelFlagValues, env: NodeJS.ProcessEnv): ModelArgs {
    const student = values.student ?? env.RELAYLLM_STUDENT;
    if (!student) throw new UsageError("missing --student (a .gguf path or an hf: URI)");
    const teacherApi = values["teacher-api"] ?? "completions";
    if (teacherApi !== "completions" && teacherApi !== "chat") throw new UsageError(`--teacher-api must be completions or chat, got "${teacherApi}"`);
    return {
        student,
        teacherUrl: values["teacher-url"] ?? env.RELAYLLM_TEACHER_URL,
        teacherModel: values["teacher-model"] ?? env.RELAYLLM_TEACHER_MODEL ?? "default",
        teacherApi,
        protocol: protocolFlag(values.protocol),
        teacherTimeoutSeconds: timeoutFlag(values["teacher-timeout"]),
        teacherMinTokensPerSecond: minSpeedFlag(values["teacher-min-speed"]),
        maxCallTokens: integerFlag("--max-call-tokens", values["max-call-tokens"], 1),
        maxTeacherTokens: integerFlag("--max-teacher-tokens", values["max-teacher-tokens"], 0),
        maxCalls: integerFlag("--max-calls", values["max-calls"], 0),
        maxTokens: integerFlag("--max-tokens", values["max-tokens"], 1),
        grammarFile: values.grammar,
        seed: integerFlag("--seed", values.seed, 0),
        temperature: decimalFlag("--temperature", values.temperature, 0, 2),
        threads: integerFlag("--threads", values.threads, 1),
        gpu: values["no-gpu"] ? false : "auto",
        relayTrained: relayTrainedFlag(values["relay-trained"]),
        ...triggerFlags(values),
        confidenceTokens: integerFlag("--confidence-tokens", values["confidence-tokens"], 1),
        confidenceCooldown: integerFlag("--confidence-cooldown", values["confidence-cooldown"], 0),
        prices: {
            inputPerMillion: decimalFlag("--price-input", values["price-input"], 0) ?? 0,
            cachedInputPerMillion: decimalFlag("--price-cached-input", values["price-cached-input"], 0),
            outputPerMillion: decimalFlag("--price-output", values["price-output"], 0) ?? 0,
        },
    };
}

/** `--trigger` and its threshold; entropy-like thresholds are nats (any non-negative number), the others fractions. */
function triggerFlags(values: ModelFlagValues): Pick<ModelArgs, "trigger" | "confidenceThreshold"> {
    const trigger = choiceFlag("--trigger", values.trigger, CONFIDENCE_TRIGGERS);
    if (values["trigger-threshold"] !== undefined && values["confidence-threshold"] !== undefined) throw new UsageError("give --trigger-threshold or --confidence-threshold (its older name), not both");
    const flag = values["trigger-threshold"] !== undefined ? "--trigger-threshold" : "--confidence-threshold";
    const entropyLike = trigger === "entropy" || trigger === "step";
    return { trigger, confidenceThreshold: decimalFlag(flag, values["trigger-threshold"] ?? values["confidence-threshold"], 0, entropyLike ? Number.POSITIVE_INFINITY : 1) };
}

/** `--relay-trained true|false|auto`: an override of the GGUF's own answer, or undefined (`auto`) to read it. */
export function relayTrainedFlag(raw: string | undefined): boolean | undefined {
    if (raw === undefined || raw === "auto") return undefined;
    if (raw === "true" || raw === "false") return raw === "true";
    throw new UsageError(`--relay-trained must be true, false or auto, got "${raw}"`);
}

function protocolFlag(raw: string | undefined): RelayProtocolName | undefined {
    return choiceFlag("--protocol", raw, RELAY_PROTOCOLS);
}
