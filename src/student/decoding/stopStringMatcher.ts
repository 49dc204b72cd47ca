/** What happened when a decoded piece of text was added to a turn. */
export interface StopStringMatch {
    /** The part of the piece that belongs to the turn (all of it unless a stop string ended inside it). */
    accepted: string;
    /** The stop string that ended the turn, when one did. */
    stop?: string;
    /** Characters of the piece after the end of the stop string (they are not part of the turn). */
    overshoot: number;
}

/**
 * Collects a turn's text piece by piece and finds the first stop string in it, also when the string is
 * split across pieces. Each push searches only the new piece plus the few characters before it where a
 * stop string could start, and the text is joined once at the end, so a turn costs O(length).
 */
export class StopStringMatcher {
    private readonly stops: readonly string[];
    /** Characters kept before each new piece: a stop string may start that far back. */
    private readonly lookBehind: number;
    private readonly pieces: string[] = [];
    private tail = "";

    constructor(stopStrings: readonly string[] = []) {
        this.stops = stopStrings.filter((stop) => stop.length > 0);
        this.lookBehind = Math.max(0, ...this.stops.map((stop) => stop.length - 1));
    }

    /** The turn's text so far, up to and including the stop string once one was found. */
    get text(): string {
        return this.pieces.join("");
    }

    push(piece: string): StopStringMatch {
        const before = this.tail.length;
        const window = this.tail + piece;
        let end = -1;
        let found: string | undefined;
        for (const stop of this.stops) {
            const index = window.indexOf(stop, Math.max(0, before - stop.length + 1));
            if (index >= 0 && (end < 0 || index + stop.length < end)) {
                end = index + stop.length;
                found = stop;
            }
        }
        if (found === undefined) {
            this.pieces.push(piece);
            this.tail = this.lookBehind > 0 ? window.slice(-this.lookBehind) : "";
            return { accepted: piece, overshoot: 0 };
        }
        const accepted = piece.slice(0, end - before);
        this.pieces.push(accepted);
        return { accepted, stop: found, overshoot: piece.length - accepted.length };
    }
}
