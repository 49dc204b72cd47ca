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

    /**
     * Takes a call's teacher text back out (the engine never adds a failed call's text; a view that showed it
     * while it streamed drops it when the call fails).
     */
    dropCall(call: number): void {
        const kept = this.spans.filter((span) => !(span.source === "teacher" && span.call === call));
        this.spans.splice(0, this.spans.length, ...kept);
        this.joined = kept.map((span) => span.text).join("");
    }

    /** The spans as they stand, without a copy (for a view that re-renders from them). */
    get current(): readonly RelaySpan[] {
        return this.spans;
    }

    /** The answer so far (all spans joined). */
    get text(): string {
        return this.joined;
    }

    toArray(): RelaySpan[] {
        return this.spans.map((span) => ({ ...span }));
    }
}
