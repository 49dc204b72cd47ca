/** The message of anything thrown, for wrapping it in a sentence of our own. */
export function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
