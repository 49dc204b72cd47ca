import type { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { CompletionCreateParamsStreaming } from "openai/resources/completions";
import { RELAY_DEFAULTS, type TeacherRequest, type TeacherSampling } from "../relay";
import type { PrefillStyle } from "./choosePrefill";

/** Everything besides the request that shapes a request body; resolved once per teacher. */
export interface BodySettings {
    model: string;
    /** Chat style only. */
    prefill: PrefillStyle;
    /** Adds llama-server's `cache_prompt: true`. */
    cachePrompt: boolean;
    /** Chat style only: the field that carries `maxTokens`. */
    maxTokensField: "max_tokens" | "max_completion_tokens";
    /** Merged last, so it can override any field. */
    extraBody?: Record<string, unknown>;
}


/** What the `instruction` prefill style asks of a chat-only API after the partial answer. */
export const continueInstruction =
    "Continue your previous answer exactly where it stops. Do not repeat any of it and do not comment on it: " +
    "write only the text that comes next, starting with the very next character, even in the middle of a word.";

type Extensible<T> = T & Record<string, unknown>;

/** Only the filters that are set: an unsent field is the server's default. */
function samplingFields(sampling: TeacherSampling): Record<string, number> {
    return {
        ...(sampling.topP !== undefined ? { top_p: sampling.topP } : {}),
        ...(sampling.topK !== undefined ? { top_k: sampling.topK } : {}),
        ...(sampling.minP !== undefined ? { min_p: sampling.minP } : {}),
    };
}

function sharedFields(request: TeacherRequest, settings: BodySettings) {
    return {
        temperature: request.temperature ?? RELAY_DEFAULTS.teacherTemperature,
        ...samplingFields(request.sampling ?? RELAY_DEFAULTS.teacherSampling),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        stream: true as const,
        stream_options: { include_usage: true },
        ...(settings.cachePrompt ? { cache_prompt: true } : {}),
    };
}

/**
 * The /v1/completions body: the prompt is `templatedPrompt + partial`, so consecutive calls of one
 * solve share their whole prefix and the server's prefix cache serves it.
 */
export function buildCompletionBody(request: TeacherRequest, settings: BodySettings): Extensible<CompletionCreateParamsStreaming> {
    return {
        model: settings.model,
        prompt: request.templatedPrompt + request.partial,
        max_tokens: request.maxTokens,
        ...sharedFields(request, settings),
        ...settings.extraBody,
    };
}

/**
 * The /v1/chat/completions body: the conversation, then (when `partial` is non-empty) the partial
 * answer as the last assistant message, continued by the chosen prefill style. Earlier messages never
 * change between calls of one solve, so the rendered prompt keeps a stable prefix.
 */
export function buildChatBody(request: TeacherRequest, settings: BodySettings): Extensible<ChatCompletionCreateParamsStreaming> {
    const messages: Array<Extensible<ChatCompletionMessageParam>> = request.messages.map(({ role, content }) => ({ role, content }));
    let prefillFields: Record<string, unknown> = {};
    if (request.partial !== "") {
        switch (settings.prefill) {
            case "vllm":
                messages.push({ role: "assistant", content: request.partial });
                prefillFields = { continue_final_message: true, add_generation_prompt: false };
                break;
            case "llama-server":
                messages.push({ role: "assistant", content: request.partial });
                break;
            case "deepseek":
                messages.push({ role: "assistant", content: request.partial, prefix: true });
                break;
            case "instruction":
                messages.push({ role: "assistant", content: request.partial }, { role: "user", content: continueInstruction });
                break;
            default:
                settings.prefill satisfies never;
        }
    }
    return {
        model: settings.model,
        messages,
        [settings.maxTokensField]: request.maxTokens,
        ...sharedFields(request, settings),
        ...prefillFields,
        ...settings.extraBody,
    };
}
