/** Pure mapping from settings to the engine's and the student adapter's plain options. */
import type { RelayOptions } from "../relay";
import type { StudentModelOptions } from "../student";
import { effectiveMode, type Settings } from "./settings";

/** The engine options for one solve; `spentUSD` is what this workspace has already spent. */
export function relayOptionsFrom(settings: Settings, spentUSD: number): Omit<RelayOptions, "student" | "teacher" | "userPrompt" | "signal" | "grammar"> {
    const { limits } = settings;
    const budget = { maxCostUSD: limits.budgetUSD > 0 ? Math.max(0, limits.budgetUSD - spentUSD) : undefined, prices: settings.teacher.prices };
    // The reference protocol is the paper's loop exactly: its own limits and sampling. The workspace money
    // budget still holds: no protocol may spend past what the user allowed.
    if (settings.protocol === "reference") return { mode: effectiveMode(settings), protocol: "reference", ...budget };
    return {
        mode: effectiveMode(settings),
        protocol: settings.protocol,
        maxCalls: limits.maxCalls,
        maxCallTokens: limits.maxCallTokens,
        maxTeacherTokensPerSolve: limits.maxTeacherTokensPerSolve,
        maxCallRatio: limits.maxCallRatio,
        maxTokens: limits.maxTokens,
        confidence: { trigger: settings.confidence.trigger, threshold: triggerThreshold(settings.confidence), callTokens: settings.confidence.callTokens },
        temperature: settings.student.temperature,
        ...budget,
    };
}

/** The trigger's threshold: the setting when given, else `relay.confidence.threshold` for top1, else the engine's default for the trigger. */
function triggerThreshold(confidence: Settings["confidence"]): number | undefined {
    if (confidence.triggerThreshold > 0) return confidence.triggerThreshold;
    return confidence.trigger === "top1" ? confidence.threshold : undefined;
}

/** The student model options; equal results mean the loaded worker can be reused. */
export function studentOptionsFrom(settings: Settings): StudentModelOptions {
    const { student } = settings;
    return {
        model: student.model,
        gpu: student.gpu ? "auto" : false,
        gpuLayers: student.gpuLayers,
        threads: student.threads > 0 ? student.threads : undefined,
        contextSize: student.contextSize > 0 ? student.contextSize : undefined,
        relayTrained: student.relayTrained === "auto" ? undefined : student.relayTrained === "true",
    };
}
