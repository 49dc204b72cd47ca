/**
 * Streaming parser for the relay command `<call>N</call>` (N decimal digits, whitespace allowed inside).
 * Text arrives in arbitrary chunks (token boundaries fall anywhere, even inside the tag); the parser holds
 * back only what could still become a command and never throws on bad input.
 */

export const CALL_OPEN = "<call>";
export const CALL_CLOSE = "</call>";

/** Larger requests are not a budget ask but a broken command (the reference's models ask for 10s-100s). */
export const MAX_SANE_CALL_TOKENS = 1_000_000;

/** Past this many characters inside an open tag the command is declared malformed (unbounded whitespace). */
const MAX_COMMAND_BODY = 32;
const MAX_COUNT_DIGITS = String(MAX_SANE_CALL_TOKENS).length;

export type MalformedReason = "bad-count" | "unterminated" | "absurd-count" | "nested" | "stray-close";

export type CallSegment =
    | { kind: "text"; text: string }
    | { kind: "command"; requested: number; raw: string }
    | { kind: "malformed"; raw: string; reason: MalformedReason };

const BODY_PATTERN = /^\s*(\d+)\s*$/;

/** Longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
    for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
        if (tag.startsWith(text.slice(text.length - length))) return length;
    }
    return 0;
}

export class CallStreamParser {
    /** Text not yet classified: a possible tag start (outside a command) or the command body (inside). */
    private pending = "";
    private inside = false;

    /** Feeds a chunk; returns the segments it completes. */
    push(chunk: string): CallSegment[] {
        this.pending += chunk;
        const out: CallSegment[] = [];
        while (this.inside ? this.scanInside(out) : this.scanOutside(out));
        return merge(out);
    }

    /** Ends the stream: an open command is malformed, a held-back partial tag is plain text. */
    flush(): CallSegment[] {
        const out: CallSegment[] = [];
        if (this.inside) out.push({ kind: "malformed", raw: CALL_OPEN + this.pending, reason: "unterminated" });
        else if (this.pending) out.push({ kind: "text", text: this.pending });
        this.pending = "";
        this.inside = false;
        return out;
    }

    /** @returns whether another scan may make progress. */
    private scanOutside(out: CallSegment[]): boolean {
        const open = this.pending.indexOf(CALL_OPEN);
        const close = this.pending.indexOf(CALL_CLOSE);
        if (close !== -1 && (open === -1 || close < open)) {
            out.push({ kind: "text", text: this.pending.slice(0, close) });
            out.push({ kind: "malformed", raw: CALL_CLOSE, reason: "stray-close" });
            this.pending = this.pending.slice(close + CALL_CLOSE.length);
            return true;
        }
        if (open !== -1) {
            out.push({ kind: "text", text: this.pending.slice(0, open) });
            this.pending = this.pending.slice(open + CALL_OPEN.length);
            this.inside = true;
            return true;
        }
        const hold = Math.max(partialTagSuffix(this.pending, CALL_OPEN), partialTagSuffix(this.pending, CALL_CLOSE));
        out.push({ kind: "text", text: this.pending.slice(0, this.pending.length - hold) });
        this.pending = this.pending.slice(this.pending.length - hold);
        return false;
    }

    /** @returns whether another scan may make progress. */
    private scanInside(out: CallSegment[]): boolean {
        const close = this.pending.indexOf(CALL_CLOSE);
        const reopen = this.pending.indexOf(CALL_OPEN);
        const hold = Math.max(partialTagSuffix(this.pending, CALL_CLOSE), partialTagSuffix(this.pending, CALL_OPEN));
        const ends = [close, reopen].filter((index) => index !== -1);
        const end = ends.length > 0 ? Math.min(...ends) : this.pending.length - hold;
        const body = this.pending.slice(0, end);
        const shape = /^\s*\d*\s*/.exec(body)![0];
        if (shape.length < body.length || body.length > MAX_COMMAND_BODY) {
            // Only the tag and the count it had are dropped; the text after them is the student's again.
            const digits = shape.trim().length;
            out.push({ kind: "malformed", raw: CALL_OPEN + shape, reason: digits > MAX_COUNT_DIGITS ? "absurd-count" : "bad-count" });
            this.pending = this.pending.slice(shape.length);
            this.inside = false;
            return true;
        }
        if (end === reopen) {
            // `<call>` inside `<call>`: the outer one is broken; the inner one gets its own chance.
            out.push({ kind: "malformed", raw: CALL_OPEN + body, reason: "nested" });
            this.pending = this.pending.slice(reopen + CALL_OPEN.length);
            return true;
        }
        if (end === close) {
            out.push(classifyCommand(body));
            this.pending = this.pending.slice(close + CALL_CLOSE.length);
            this.inside = false;
            return true;
        }
        return false;
    }
}

function classifyCommand(body: string): CallSegment {
    const raw = CALL_OPEN + body + CALL_CLOSE;
    const match = BODY_PATTERN.exec(body);
    if (!match) return { kind: "malformed", raw, reason: "bad-count" };
    const requested = Number(match[1]);
    if (!Number.isSafeInteger(requested) || requested > MAX_SANE_CALL_TOKENS) return { kind: "malformed", raw, reason: "absurd-count" };
    return { kind: "command", requested, raw };
}

/** Joins adjacent text segments so callers see one text run per stretch. */
function merge(segments: CallSegment[]): CallSegment[] {
    const out: CallSegment[] = [];
    for (const segment of segments) {
        const last = out[out.length - 1];
        if (segment.kind === "text" && last?.kind === "text") last.text += segment.text;
        else if (segment.kind !== "text" || segment.text) out.push(segment.kind === "text" ? { ...segment } : segment);
    }
    return out;
}
