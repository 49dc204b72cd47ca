/**
 * The teacher API key from the environment (RELAY_TEACHER_API_KEY, else OPENAI_API_KEY), the one place
 * besides VS Code's SecretStorage a key may live; never a flag or a setting.
 */
export function teacherApiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return env.RELAY_TEACHER_API_KEY || env.OPENAI_API_KEY || undefined;
}
