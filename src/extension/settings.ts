/**
 * The one typed reader of the extension's settings, a schema (valibot) per key. It takes anything with a `get(key)` (a
 * `vscode.WorkspaceConfiguration` in the extension, a Map in tests) and returns plain data; the engine
 * and the adapters never see VS Code's configuration object.
 */
import { CONFIDENCE_TRIGGERS, RELAY_DEFAULTS, RELAY_MODES, RELAY_PROTOCOLS, type RelayMode, type TeacherPrices } from "../relay";
import * as v from "valibot";
import { defaultMinTokensPerSecond, defaultTimeoutSeconds, type PrefillOption } from "../teacher";

const PREFILLS: readonly PrefillOption[] = ["auto", "vllm", "llama-server", "deepseek", "instruction"];

export const SETTINGS_SECTION = "relay";

/** Bounds of `relay.student.contextSize`, as package.json declares them for the Settings UI. */
export const MIN_CONTEXT_SIZE = 512;
export const MAX_CONTEXT_SIZE = 262_144;

const text = () => v.fallback(v.pipe(v.string(), v.trim()), "");
const flag = (fallback: boolean) => v.fallback(v.boolean(), fallback);
const oneOf = <const T extends string>(options: readonly T[], fallback: NoInfer<T>) => v.fallback(v.picklist(options), fallback);
/** A finite number in [min, max]. */
const between = (fallback: number, min: number, max = Number.POSITIVE_INFINITY) => v.fallback(v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max)), fallback);
/** An integer in [min, max]. */
const count = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => v.fallback(v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max)), fallback);

/** `relay.confidence.triggerThreshold`'s maximum in nats (package.json); a 150k-token vocabulary's entropy is at most 12. */
const MAX_TRIGGER_NATS = 20;

/**
 * Everything under `relay.*`: one schema per key (its path in this object), each with the default it falls
 * back to when the value has the wrong type or is out of range, so a bad value never breaks a solve. The keys
 * and defaults match package.json's contributes.configuration (a unit test compares them).
 */
/** The modes the picker offers: every mode that may call the teacher (teacher-free is its own switch). */
export const CALLING_MODES = RELAY_MODES.filter((mode): mode is Exclude<RelayMode, "teacher-free"> => mode !== "teacher-free");

const settingsSchema = v.object({
    student: v.object({
        /** A .gguf path or an `hf:` URI; "" = none chosen yet. */
        model: text(),
        gpu: flag(true),
        /** "auto" or a layer count. */
        gpuLayers: v.fallback(v.union([v.literal("auto"), v.pipe(v.number(), v.integer(), v.minValue(0))]), "auto"),
        /** 0 = the adapter's default (half the logical cores). */
        threads: count(0, 0),
        /** 0 = the model's own size, capped (the setting's empty value, null); a context below MIN_CONTEXT_SIZE cannot hold a prompt. */
        contextSize: v.fallback(v.union([v.literal(0), v.pipe(v.number(), v.integer(), v.minValue(MIN_CONTEXT_SIZE), v.maxValue(MAX_CONTEXT_SIZE))]), 0),
        /** A GBNF file constraining the student (tests and experiments); "" = none. */
        grammarFile: text(),
        temperature: between(RELAY_DEFAULTS.temperature, 0, 2),
        /** "auto" reads the GGUF (metadata, then names); "true"/"false" override it. */
        relayTrained: oneOf(["auto", "true", "false"], "auto"),
    }),
    teacher: v.object({
        /** "" = no teacher configured. */
        baseUrl: text(),
        model: text(),
        api: oneOf(["completions", "chat"], "completions"),
        /** Longest teacher silence before a call gives up, in seconds. */
        timeoutSeconds: between(defaultTimeoutSeconds, 1, 600),
        /** Ask before each call, showing what would be sent; Deny holds the call back. */
        confirmEachCall: flag(false),
        /** The Relay output channel logs the text of each call too (off: origin, sizes and outcome only). */
        logCallText: flag(false),
        /** Slowest average speed of a call, tokens per second: its total time limit (see OpenAiTeacherOptions). */
        minTokensPerSecond: between(defaultMinTokensPerSecond, 1, 100_000),
        /** Chat style only: how the server continues a partial answer; "auto" picks from the URL. */
        prefill: oneOf(PREFILLS, "auto"),
        prices: v.object({
            inputPerMillion: between(0, 0),
            /** Unset: the input price (resolved by the reader). */
            cachedInputPerMillion: v.fallback(v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))), undefined),
            outputPerMillion: between(0, 0),
        }),
    }),
    /** How the student calls; teacher-free is `teacherFree` alone (an old `mode: "teacher-free"` is migrated at activation). */
    mode: oneOf(CALLING_MODES, "auto"),
    /** Our protocol, or the paper's reference loop exactly (its limits replace the `limits.*` settings but the money budget). */
    protocol: oneOf(RELAY_PROTOCOLS, "relay"),
    /** The one teacher-free switch. */
    teacherFree: flag(false),
    confidence: v.object({
        threshold: between(RELAY_DEFAULTS.confidence.threshold, 0, 1),
        callTokens: count(RELAY_DEFAULTS.confidence.callTokens, 1),
        /** What decides a call (src/relay/confidenceTrigger.ts). */
        trigger: oneOf(CONFIDENCE_TRIGGERS, RELAY_DEFAULTS.confidence.trigger),
        /** 0 (the empty field) = the trigger's default, `threshold` for top1; nats for entropy-like triggers, else a probability. */
        triggerThreshold: between(0, 0, MAX_TRIGGER_NATS),
    }),
    limits: v.object({
        maxCalls: count(RELAY_DEFAULTS.maxCalls, 0),
        maxCallTokens: count(RELAY_DEFAULTS.maxCallTokens, 1),
        maxTeacherTokensPerSolve: count(RELAY_DEFAULTS.maxTeacherTokensPerSolve, 0),
        maxCallRatio: between(RELAY_DEFAULTS.maxCallRatio, 0, 1),
        maxTokens: count(RELAY_DEFAULTS.maxTokens, 1),
        /** Workspace money budget in USD; 0 = none. */
        budgetUSD: between(0, 0),
    }),
});

type ReadSettings = v.InferOutput<typeof settingsSchema>;
/** Everything under `relay.*`, with defaults applied: the schema's output, the input price filled in for an unset cached price. */
export type Settings = Omit<ReadSettings, "teacher"> & {
    teacher: Omit<ReadSettings["teacher"], "prices"> & { prices: Required<TeacherPrices> };
};

/** `a.b.c` for every leaf of T: the keys under `relay.` */
type LeafPaths<T, Prefix extends string = ""> = {
    [K in keyof T & string]: T[K] extends Record<string, unknown> ? LeafPaths<T[K], `${Prefix}${K}.`> : `${Prefix}${K}`;
}[keyof T & string];
/** A key under `relay.` that the extension declares and reads; writes use it instead of a raw string. */
export type SettingKey = LeafPaths<ReadSettings>;

/** Every key of the schema, as its path (`student.model`, …). */
function leafKeys(schema: v.GenericSchema, prefix = ""): string[] {
    if (schema.type !== "object" || !("entries" in schema)) return [prefix.slice(0, -1)];
    return Object.entries(schema.entries as v.ObjectEntries).flatMap(([key, entry]) => leafKeys(entry, `${prefix}${key}.`));
}
export const SETTING_KEYS = leafKeys(settingsSchema) as SettingKey[];

export interface ConfigurationLike {
    get<T>(key: string): T | undefined;
}

/** Reads `relay.*`; a value of the wrong type or out of range falls back to its default rather than breaking a solve. */
export function readSettings(config: ConfigurationLike): Settings {
    // The configuration is flat (`student.model`); the schema is the same keys as a tree.
    const raw: Record<string, unknown> = {};
    for (const key of SETTING_KEYS) {
        const path = key.split(".");
        let node = raw;
        for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
        node[path[path.length - 1]!] = config.get<unknown>(key);
    }
    const read = v.parse(settingsSchema, raw);
    const { prices } = read.teacher;
    const nats = read.confidence.trigger === "entropy" || read.confidence.trigger === "step";
    return {
        ...read,
        teacher: { ...read.teacher, prices: { ...prices, cachedInputPerMillion: prices.cachedInputPerMillion ?? prices.inputPerMillion } },
        // Entropy-like triggers take nats; the others a probability, so above 1 falls back to the default.
        confidence: { ...read.confidence, triggerThreshold: !nats && read.confidence.triggerThreshold > 1 ? 0 : read.confidence.triggerThreshold },
    };
}

/** The mode a solve runs in: the teacher-free toggle wins over the picker, and without a teacher nothing calls. */
export function effectiveMode(settings: Settings): RelayMode {
    return settings.teacherFree || !settings.teacher.baseUrl ? "teacher-free" : settings.mode;
}
