/** The host and port of a URL (never its credentials or path); "" when there is none or it does not parse. */
export function hostOf(url: string): string {
    try {
        return url ? new URL(url).host : "";
    } catch {
        return "";
    }
}
