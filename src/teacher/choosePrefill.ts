/**
 * How a chat-style request asks the server to continue the partial answer (the last assistant message).
 * - `vllm`: `continue_final_message: true` and `add_generation_prompt: false` (vLLM; llama-server honours them too).
 * - `llama-server`: only the trailing assistant message; llama-server continues it by itself.
 * - `deepseek`: `prefix: true` on the last message (DeepSeek's beta base URL, Mistral).
 * - `instruction`: for chat-only APIs without prefill: a user message asks to continue the partial answer.
 */
export type PrefillStyle = "vllm" | "llama-server" | "deepseek" | "instruction";

/** A prefill style, or `auto` to pick one from the base URL. */
export type PrefillOption = "auto" | PrefillStyle;

/** Hosted APIs known to prefill a trailing assistant message flagged with `prefix: true`. */
const prefixHosts = ["api.deepseek.com", "api.mistral.ai"];

/** Hosted chat-only APIs with no assistant prefill, which may also reject unknown body fields. */
const noPrefillHosts = [
    "api.openai.com",
    "openai.azure.com",
    "generativelanguage.googleapis.com",
    "api.groq.com",
    "api.x.ai",
    "api.anthropic.com",
];

function hostMatches(host: string, domains: readonly string[]): boolean {
    return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

function hostOf(baseURL: string): string | undefined {
    try {
        return new URL(baseURL).hostname.toLowerCase();
    } catch {
        return undefined;
    }
}

/**
 * True when `baseURL` points at a known hosted API (OpenAI, DeepSeek, ...) rather than a self-hosted
 * server; those get no llama.cpp or vLLM extension fields, which some of them reject.
 */
export function isKnownHostedApi(baseURL: string): boolean {
    const host = hostOf(baseURL);
    return host !== undefined && (hostMatches(host, prefixHosts) || hostMatches(host, noPrefillHosts));
}

/**
 * Resolves `auto` from the base URL: DeepSeek and Mistral → `deepseek`; OpenAI, Azure OpenAI, Gemini,
 * Groq, xAI and Anthropic → `instruction`; anything else (a self-hosted server) → `vllm`, whose fields
 * llama-server also understands. An explicit style is returned unchanged.
 */
export function choosePrefill(prefill: PrefillOption, baseURL: string): PrefillStyle {
    if (prefill !== "auto") return prefill;
    const host = hostOf(baseURL);
    if (host === undefined) return "vllm";
    if (hostMatches(host, prefixHosts)) return "deepseek";
    if (hostMatches(host, noPrefillHosts)) return "instruction";
    return "vllm";
}

/** True for OpenAI's own hosts, whose chat endpoint wants `max_completion_tokens` (newer models reject `max_tokens`). */
export function wantsMaxCompletionTokens(baseURL: string): boolean {
    const host = hostOf(baseURL);
    return host !== undefined && hostMatches(host, ["api.openai.com", "openai.azure.com"]);
}
