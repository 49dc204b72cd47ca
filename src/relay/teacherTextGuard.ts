import { CALL_CLOSE, CALL_OPEN, CallStreamParser } from "./callParser";
import { grantSlack, utf8Length } from "./callGrant";
import type { RelayEvent } from "./events";

/** What one guarded teacher call leaves behind. */
export interface GuardedText {
    /** The sanitized text within the grant: what the answer, the student's context and later prompts get. */
    kept: string;
    /** Everything the teacher streamed (commands included), for billing. */
    received: string;
    /** True when the sanitized text went past the grant (and was cut to it). */
    overGrant: boolean;
    /** True when it went past grant + slack and the request was aborted for it. */
    aborted: boolean;
}

/** The longest suffix of `text` that could start `<call>` or `</call>`; at the end of a teacher's text it is a half command. */
function partialTagLength(text: string): number {
    for (let length = Math.min(CALL_CLOSE.length - 1, text.length); length > 0; length--) {
        const tail = text.slice(text.length - length);
        if (CALL_OPEN.startsWith(tail) || CALL_CLOSE.startsWith(tail)) return length;
    }
    return 0;
}

/**
 * Holds one teacher call to its grant and keeps commands out of its text. The teacher's deltas are
 * sanitized as they stream (commands, stray `</call>`, half commands removed, each with an event) and
 * forwarded as `teacher-text` events only once they are known to fit the grant, counted with the student's
 * tokenizer. Past grant + slack (`grantSlack`) the call is aborted: no server can make us read or keep more.
 */
export class TeacherTextGuard {
    private readonly parser = new CallStreamParser();
    private clean = "";
    private received = "";
    private shown = 0;
    private checked = 0;
    private checkedReceived = 0;
    private overGrant = false;
    private aborted = false;
    private checking: Promise<void> | undefined;
    private countError: unknown;
    private readonly limit: number;

    /**
     * @param count counts tokens with the student's tokenizer
     * @param emit receives `teacher-text` and `teacher-text-sanitized` events
     * @param abort stops the teacher request (called at most once)
     */
    constructor(
        private readonly call: number,
        private readonly granted: number,
        private readonly count: (text: string) => Promise<number>,
        private readonly emit: (event: RelayEvent) => void,
        private readonly abort: () => void,
    ) {
        this.limit = granted + grantSlack(granted);
    }

    /** True once the guard aborted the request (the teacher then reports a cancel, which is not a failure). */
    get abortedForOverrun(): boolean {
        return this.aborted;
    }

    /** Takes one streamed delta (synchronously, as the teacher's `onText`). */
    push(delta: string): void {
        if (this.aborted) return;
        this.received += delta;
        this.take(this.parser.push(delta));
        this.check();
    }

    /** Call once the stream has ended (or failed): resolves to the text to keep. Rethrows a failed count. */
    async finish(): Promise<GuardedText> {
        if (!this.aborted) this.take(this.parser.flush(), true);
        this.check();
        while (this.checking) await this.checking;
        if (this.countError !== undefined) throw this.countError;
        let keep = this.clean.length;
        if (this.overGrant) keep = await this.longestWithinGrant();
        let kept = this.clean.slice(0, keep);
        // A cut can end inside something that reads like the start of a tag; the student would complete it.
        const half = partialTagLength(kept.slice(this.shown));
        if (half > 0) {
            this.emit({ type: "teacher-text-sanitized", call: this.call, raw: kept.slice(kept.length - half), reason: "unterminated" });
            kept = kept.slice(0, kept.length - half);
        }
        this.show(kept.length);
        return { kept, received: this.received, overGrant: this.overGrant, aborted: this.aborted };
    }

    private take(segments: ReturnType<CallStreamParser["push"]>, atEnd = false): void {
        for (const segment of segments) {
            if (segment.kind === "text") {
                // At the end, the parser hands back a held partial tag as text: in teacher text it is a half command.
                const half = atEnd ? partialTagLength(segment.text) : 0;
                this.clean += segment.text.slice(0, segment.text.length - half);
                if (half > 0) this.emit({ type: "teacher-text-sanitized", call: this.call, raw: segment.text.slice(segment.text.length - half), reason: "unterminated" });
            } else {
                // "<cal" + removed command + "l>9</call>" would join into a new command: a space keeps the halves apart.
                if (partialTagLength(this.clean) > 0) this.clean += " ";
                this.emit({ type: "teacher-text-sanitized", call: this.call, raw: segment.raw, reason: segment.kind === "command" ? "command" : segment.reason });
            }
        }
    }

    /** Starts a (serialized) check of the text not yet checked, unless one runs; it loops until it caught up. */
    private check(): void {
        if (this.checking || this.aborted || this.countError !== undefined) return;
        if (this.checked === this.clean.length && this.checkedReceived === this.received.length) return;
        this.checking = this.checkLoop().finally(() => (this.checking = undefined));
    }

    private async checkLoop(): Promise<void> {
        while ((this.checked < this.clean.length || this.checkedReceived < this.received.length) && !this.aborted) {
            const length = this.clean.length;
            const receivedLength = this.received.length;
            let cleanTokens: number;
            let receivedTokens: number;
            try {
                cleanTokens = await this.tokensAbove(this.clean.slice(0, length), this.granted);
                // The limit counts everything streamed, removed commands included: they are billed too, and a
                // teacher writing nothing but commands must not stream forever.
                receivedTokens = await this.tokensAbove(this.received.slice(0, receivedLength), this.limit);
            } catch (error) {
                this.countError = error;
                this.aborted = true;
                this.abort();
                return;
            }
            this.checked = length;
            this.checkedReceived = receivedLength;
            if (cleanTokens <= this.granted && !this.overGrant) this.show(length);
            else this.overGrant = true;
            if (receivedTokens > this.limit) {
                this.overGrant = true;
                this.aborted = true;
                this.abort();
            }
        }
    }

    /** The text's student-token count, or 0 when it certainly has no more than `bound` tokens (then no count is needed). */
    private async tokensAbove(text: string, bound: number): Promise<number> {
        // One token per UTF-8 byte at most, plus a tokenizer's leading-space token.
        if (utf8Length(text) + 1 <= bound) return 0;
        return this.count(text);
    }

    /** Forwards the sanitized text up to `length` that was not forwarded yet. */
    private show(length: number): void {
        if (length <= this.shown) return;
        this.emit({ type: "teacher-text", call: this.call, text: this.clean.slice(this.shown, length) });
        this.shown = length;
    }

    /** Binary search for the longest prefix within the grant; what was already shown is known to fit. */
    private async longestWithinGrant(): Promise<number> {
        let low = this.shown;
        let high = this.clean.length;
        while (low < high) {
            const middle = Math.ceil((low + high) / 2);
            if ((await this.count(this.clean.slice(0, middle))) <= this.granted) low = middle;
            else high = middle - 1;
        }
        // Never keep half of a surrogate pair.
        const last = this.clean.charCodeAt(low - 1);
        return low > this.shown && last >= 0xd800 && last <= 0xdbff ? low - 1 : low;
    }
}
