/**
 * Removes an echo of the prefilled partial answer from the start of a streamed answer. Some servers
 * send the prefill back as the first content (llama-server when it prefills a trailing assistant
 * message on its own, Mistral with `prefix: true`); the teacher must return only the continuation.
 * Text is held back only while it still matches the start of the partial answer.
 */
export class EchoGuard {
    private held = "";
    private settled: boolean;

    /** `echo`: the text that may come back first; an empty string disables the guard. */
    constructor(private readonly echo: string) {
        this.settled = echo === "";
    }

    /** Takes one streamed delta; returns the text that is certainly not echo (may be empty). */
    push(delta: string): string {
        if (this.settled) return delta;
        this.held += delta;
        if (this.held.startsWith(this.echo)) return this.settle(this.held.slice(this.echo.length));
        if (this.echo.startsWith(this.held)) return "";
        return this.settle(this.held);
    }

    /** At the end of the stream: held text that only partly matched was a real answer after all. */
    flush(): string {
        return this.settled ? "" : this.settle(this.held);
    }

    private settle(text: string): string {
        this.settled = true;
        this.held = "";
        return text;
    }
}
