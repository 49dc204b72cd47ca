import type { PrefillOption } from "../teacher";
import type { SettingKey } from "./settings";

/** A teacher provider's settings: what "Relay: Choose Teacher Provider" writes. */
export interface TeacherPreset {
    id: string;
    label: string;
    baseUrl: string;
    api: "completions" | "chat";
    prefill: PrefillOption;
    /** A model name to start with ("" = pick one from the server's list). */
    model: string;
    /** USD per million tokens for `model`, from the provider's price page (check it: prices change). */
    prices: { inputPerMillion: number; cachedInputPerMillion: number; outputPerMillion: number };
    /** False when the provider cannot continue a partial answer (no assistant prefill): calls then work less well. */
    continuesPartialAnswer: boolean;
    /** True for hosted APIs that need a key. */
    needsKey: boolean;
}

const FREE = { inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0 };

/** Providers Relay knows how to ask. Local servers use the raw `completions` style, which continues any text. */
export const TEACHER_PRESETS: readonly TeacherPreset[] = [
    { id: "openai", label: "OpenAI", baseUrl: "https://api.openai.com/v1", api: "chat", prefill: "instruction", model: "gpt-4.1-mini", prices: { inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6 }, continuesPartialAnswer: false, needsKey: true },
    { id: "deepseek", label: "DeepSeek", baseUrl: "https://api.deepseek.com/beta", api: "chat", prefill: "deepseek", model: "deepseek-chat", prices: { inputPerMillion: 0.28, cachedInputPerMillion: 0.028, outputPerMillion: 0.42 }, continuesPartialAnswer: true, needsKey: true },
    { id: "mistral", label: "Mistral", baseUrl: "https://api.mistral.ai/v1", api: "chat", prefill: "deepseek", model: "mistral-small-latest", prices: { inputPerMillion: 0.1, cachedInputPerMillion: 0.1, outputPerMillion: 0.3 }, continuesPartialAnswer: true, needsKey: true },
    { id: "groq", label: "Groq", baseUrl: "https://api.groq.com/openai/v1", api: "chat", prefill: "instruction", model: "llama-3.3-70b-versatile", prices: { inputPerMillion: 0.59, cachedInputPerMillion: 0.59, outputPerMillion: 0.79 }, continuesPartialAnswer: false, needsKey: true },
    // OpenRouter continues a trailing assistant message for most models; prices depend on the model picked.
    { id: "openrouter", label: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", api: "chat", prefill: "llama-server", model: "", prices: FREE, continuesPartialAnswer: true, needsKey: true },
    { id: "vllm", label: "vLLM (local)", baseUrl: "http://127.0.0.1:8000/v1", api: "completions", prefill: "vllm", model: "", prices: FREE, continuesPartialAnswer: true, needsKey: false },
    { id: "llama-server", label: "llama-server (llama.cpp, local)", baseUrl: "http://127.0.0.1:8080/v1", api: "completions", prefill: "llama-server", model: "", prices: FREE, continuesPartialAnswer: true, needsKey: false },
    { id: "ollama", label: "Ollama (local)", baseUrl: "http://127.0.0.1:11434/v1", api: "completions", prefill: "auto", model: "", prices: FREE, continuesPartialAnswer: true, needsKey: false },
    { id: "lm-studio", label: "LM Studio (local)", baseUrl: "http://127.0.0.1:1234/v1", api: "completions", prefill: "auto", model: "", prices: FREE, continuesPartialAnswer: true, needsKey: false },
];

/** The `relay.teacher.*` values a preset sets (keys relative to `relay`). */
export function presetSettings(preset: TeacherPreset): Partial<Record<SettingKey, string | number>> {
    return {
        "teacher.baseUrl": preset.baseUrl,
        "teacher.api": preset.api,
        "teacher.prefill": preset.prefill,
        "teacher.model": preset.model,
        "teacher.prices.inputPerMillion": preset.prices.inputPerMillion,
        "teacher.prices.cachedInputPerMillion": preset.prices.cachedInputPerMillion,
        "teacher.prices.outputPerMillion": preset.prices.outputPerMillion,
    };
}

/** The warning for a chat-style teacher that cannot continue a partial answer, or undefined when it can. */
export function prefillWarning(providerName: string, api: "completions" | "chat", prefill: string): string | undefined {
    if (api !== "chat" || prefill !== "instruction") return undefined;
    return `${providerName} cannot continue a partial answer (no assistant prefill): Relay sends the answer so far with an instruction to continue it, which such models follow loosely. A server with prefill (DeepSeek, Mistral, vLLM, llama-server) fits the relay better.`;
}
