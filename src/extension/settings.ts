/**
 * The one typed reader of the extension's settings. It takes anything with a `get(key)` (a
 * `vscode.WorkspaceConfiguration` in the extension, a Map in tests) and returns plain data; the engine
 * and the adapters never see VS Code's configuration object.
 */
import { CONFIDENCE_TRIGGERS, RELAY_DEFAULTS, RELAY_MODES, RELAY_PROTOCOLS, type ConfidenceTriggerName, type RelayMode, type RelayProtocolName, type TeacherPrices } from "../relay";
import { defaultTimeoutSeconds, type PrefillOption } from "../teacher";

const PREFILLS: readonly PrefillOption[] = ["auto", "vllm", "llama-server", "deepseek", "instruction"];

export const SETTINGS_SECTION = "relay";

/** Bounds of `relay.student.contextSize`, as package.json declares them for the Settings UI. */
export const MIN_CONTEXT_SIZE = 512;
export const MAX_CONTEXT_SIZE = 262_144;

/** Everything under `relay.*`, with defaults applied. Keys and defaults match package.json's contributes.configuration. */
export interface Settings {
    student: {
        /** A .gguf path or an `hf:` URI; "" = none chosen yet. */
        model: string;
        gpu: boolean;
        /** "auto" or a layer count. */
        gpuLayers: number | "auto";
        /** 0 = the adapter's default (half the logical cores). */
        threads: number;
        /** 0 = the model's own size, capped (the setting's empty value, null); else MIN_CONTEXT_SIZE to MAX_CONTEXT_SIZE. */
        contextSize: number;
        /** A GBNF file constraining the student (tests and experiments); "" = none. */
        grammarFile: string;
        temperature: number;
        /** `relay.student.relayTrained`: "auto" reads the GGUF (metadata, then names); "true"/"false" override it. */
        relayTrained: "auto" | "true" | "false";
    };
    teacher: {
        /** "" = no teacher configured. */
        baseUrl: string;
        model: string;
        api: "completions" | "chat";
        /** Longest teacher silence before a call gives up, in seconds (`relay.teacher.timeoutSeconds`). */
        timeoutSeconds: number;
        /** Chat style only: how the server continues a partial answer; "auto" picks from the URL. */
        prefill: PrefillOption;
        prices: Required<TeacherPrices>;
    };
    mode: RelayMode;
    /** `relay.protocol`: our protocol, or the paper's reference loop exactly (its limits replace the `limits.*` settings but the money budget). */
    protocol: RelayProtocolName;
    /** The one teacher-free switch: `relay.teacherFree`, or a `relay.mode` of "teacher-free" (still read, no longer offered). */
    teacherFree: boolean;
    confidence: {
        threshold: number;
        callTokens: number;
        /** `relay.confidence.trigger`: what decides a call (src/relay/confidenceTrigger.ts). */
        trigger: ConfidenceTriggerName;
        /** `relay.confidence.triggerThreshold`; 0 (the empty field) = the trigger's default, `threshold` for top1. */
        triggerThreshold: number;
    };
    limits: {
        maxCalls: number;
        maxCallTokens: number;
        maxTeacherTokensPerSolve: number;
        maxCallRatio: number;
        maxTokens: number;
        /** Workspace money budget in USD; 0 = none. */
        budgetUSD: number;
    };
}

/** `relay.confidence.triggerThreshold`'s maximum in nats (package.json); a 150k-token vocabulary's entropy is at most 12. */
const MAX_TRIGGER_NATS = 20;

export interface ConfigurationLike {
    get<T>(key: string): T | undefined;
}

function pick<T>(config: ConfigurationLike, key: string, fallback: T, valid: (value: unknown) => boolean): T {
    const value = config.get<unknown>(key);
    return value !== undefined && valid(value) ? (value as T) : fallback;
}

const isString = (value: unknown) => typeof value === "string";
const isBoolean = (value: unknown) => typeof value === "boolean";
const atLeast = (min: number, max = Number.POSITIVE_INFINITY) => (value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
const isCount = (min: number) => (value: unknown) => Number.isInteger(value) && (value as number) >= min;

/** Reads `relay.*`; a value of the wrong type or out of range falls back to its default rather than breaking a solve. */
export function readSettings(config: ConfigurationLike): Settings {
    const mode = pick<RelayMode>(config, "mode", "auto", (value) => RELAY_MODES.includes(value as RelayMode));
    const input = pick(config, "teacher.prices.inputPerMillion", 0, atLeast(0));
    const trigger = pick<ConfidenceTriggerName>(config, "confidence.trigger", RELAY_DEFAULTS.confidence.trigger, (value) => CONFIDENCE_TRIGGERS.includes(value as ConfidenceTriggerName));
    return {
        student: {
            model: pick(config, "student.model", "", isString).trim(),
            gpu: pick(config, "student.gpu", true, isBoolean),
            gpuLayers: pick<number | "auto">(config, "student.gpuLayers", "auto", (value) => value === "auto" || isCount(0)(value)),
            threads: pick(config, "student.threads", 0, isCount(0)),
            // null (the Settings UI's empty field) = automatic; a context below MIN_CONTEXT_SIZE cannot hold a prompt.
            contextSize: pick(config, "student.contextSize", 0, (value) => isCount(MIN_CONTEXT_SIZE)(value) && (value as number) <= MAX_CONTEXT_SIZE),
            grammarFile: pick(config, "student.grammarFile", "", isString).trim(),
            temperature: pick(config, "student.temperature", RELAY_DEFAULTS.temperature, atLeast(0, 2)),
            relayTrained: pick<"auto" | "true" | "false">(config, "student.relayTrained", "auto", (value) => value === "auto" || value === "true" || value === "false"),
        },
        teacher: {
            baseUrl: pick(config, "teacher.baseUrl", "", isString).trim(),
            model: pick(config, "teacher.model", "", isString).trim(),
            api: pick<"completions" | "chat">(config, "teacher.api", "completions", (value) => value === "completions" || value === "chat"),
            timeoutSeconds: pick(config, "teacher.timeoutSeconds", defaultTimeoutSeconds, atLeast(1, 600)),
            prefill: pick<PrefillOption>(config, "teacher.prefill", "auto", (value) => PREFILLS.includes(value as PrefillOption)),
            prices: {
                inputPerMillion: input,
                cachedInputPerMillion: pick(config, "teacher.prices.cachedInputPerMillion", input, atLeast(0)),
                outputPerMillion: pick(config, "teacher.prices.outputPerMillion", 0, atLeast(0)),
            },
        },
        mode,
        protocol: pick<RelayProtocolName>(config, "protocol", "relay", (value) => RELAY_PROTOCOLS.includes(value as RelayProtocolName)),
        teacherFree: pick(config, "teacherFree", false, isBoolean) || mode === "teacher-free",
        confidence: {
            threshold: pick(config, "confidence.threshold", RELAY_DEFAULTS.confidence.threshold, atLeast(0, 1)),
            callTokens: pick(config, "confidence.callTokens", RELAY_DEFAULTS.confidence.callTokens, isCount(1)),
            trigger,
            // Entropy-like triggers take nats; the others a probability, so above 1 falls back to the default.
            triggerThreshold: pick(config, "confidence.triggerThreshold", 0, atLeast(0, trigger === "entropy" || trigger === "step" ? MAX_TRIGGER_NATS : 1)),
        },
        limits: {
            maxCalls: pick(config, "limits.maxCalls", RELAY_DEFAULTS.maxCalls, isCount(0)),
            maxCallTokens: pick(config, "limits.maxCallTokens", RELAY_DEFAULTS.maxCallTokens, isCount(1)),
            maxTeacherTokensPerSolve: pick(config, "limits.maxTeacherTokensPerSolve", RELAY_DEFAULTS.maxTeacherTokensPerSolve, isCount(0)),
            maxCallRatio: pick(config, "limits.maxCallRatio", RELAY_DEFAULTS.maxCallRatio, atLeast(0, 1)),
            maxTokens: pick(config, "limits.maxTokens", RELAY_DEFAULTS.maxTokens, isCount(1)),
            budgetUSD: pick(config, "limits.budgetUSD", 0, atLeast(0)),
        },
    };
}

/** The mode a solve runs in: the teacher-free toggle wins over the picker, and without a teacher nothing calls. */
export function effectiveMode(settings: Settings): RelayMode {
    return settings.teacherFree || !settings.teacher.baseUrl ? "teacher-free" : settings.mode;
}
