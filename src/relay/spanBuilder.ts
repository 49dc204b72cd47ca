import type { RelaySpan } from "./events";

/** Accumulates the answer as spans, merging adjacent text from the same source and call. */
export class SpanBuilder {
    private readonly spans: RelaySpan[] = [];
    private joined = "";

    add(source: RelaySpan["source"], text: string, call?: number): void {
        if (!text) return;
        this.joined += text;
        const last = this.spans[this.spans.length - 1];
        if (last && last.source === source && last.call === call) last.text += text;
        else this.spans.push(call === undefined ? { source, text } : { source, text, call });
    }

    /** The answer so far (all spans joined). */
    get text(): string {
        return this.joined;
    }

    toArray(): RelaySpan[] {
        return this.spans.map((span) => ({ ...span }));
    }
}
