import type { TeacherUsage } from "./teacher";

/** A server's usage report, checked: the report when it can be true, else why not. */
export type CheckedUsage = { usage?: TeacherUsage; rejected?: string };

/**
 * A usage report is the server's word, and billing follows it, so a report that cannot be true is not
 * believed at all: a count that is negative, fractional, not a number, more prompt tokens than the prompt
 * could be (`promptCeiling`, one per byte), or more cached tokens than prompt tokens. The caller then bills
 * what it counted itself. A completion count above the grant is not rejected here: the caller caps billed
 * output at the grant plus slack whoever counted.
 */
export function checkUsage(usage: TeacherUsage | undefined, promptCeiling: number): CheckedUsage {
    if (usage === undefined) return {};
    const fields: Array<[string, unknown]> = [
        ["prompt_tokens", usage.promptTokens],
        ["completion_tokens", usage.completionTokens],
        ...(usage.cachedPromptTokens === undefined ? [] : [["cached_tokens", usage.cachedPromptTokens] as [string, unknown]]),
    ];
    for (const [name, value] of fields) {
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) return { rejected: `${name} ${describe(value)} is not a count of tokens` };
    }
    if (usage.promptTokens > promptCeiling) return { rejected: `prompt_tokens ${usage.promptTokens} is more than the prompt can hold (${promptCeiling})` };
    if (usage.cachedPromptTokens !== undefined && usage.cachedPromptTokens > usage.promptTokens) {
        return { rejected: `cached_tokens ${usage.cachedPromptTokens} is more than prompt_tokens ${usage.promptTokens}` };
    }
    return { usage };
}

function describe(value: unknown): string {
    const text = typeof value === "string" ? JSON.stringify(value) : String(value);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
