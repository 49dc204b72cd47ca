import { knownSecrets, redactSecrets } from "../relay/redactCredentials";

/**
 * Redacts secrets (see `redactSecrets`) from streamed text, where a secret may arrive split across chunks:
 * the longest end of the text that could still become a secret is held back until the next chunk shows
 * whether it does. Bearer tokens and URL credentials are redacted per chunk only (they have no fixed text to
 * wait for); the key itself, the one secret a server was sent, is caught whole.
 */
export class SecretStreamRedactor {
    private held = "";

    constructor(private readonly secrets: readonly string[] = knownSecrets()) {}

    push(delta: string): string {
        let text = redactSecrets(this.held + delta);
        for (const secret of this.secrets) if (text.includes(secret)) text = text.split(secret).join("***");
        const hold = this.partialSecretLength(text);
        this.held = text.slice(text.length - hold);
        return text.slice(0, text.length - hold);
    }

    /** The held-back end: at the end of the stream it is no secret. */
    flush(): string {
        const rest = this.held;
        this.held = "";
        return rest;
    }

    /** Length of the longest end of `text` that is a proper start of a secret. */
    private partialSecretLength(text: string): number {
        let longest = 0;
        for (const secret of this.secrets) {
            for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
                if (secret.startsWith(text.slice(text.length - length))) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
