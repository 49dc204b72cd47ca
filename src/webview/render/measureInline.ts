/** What one paragraph's inline markup costs marked: how deep it nests and how much it scans. */
export interface InlineMeasure {
    /** Deepest emphasis, strikethrough and bracket nesting the text could produce (an upper estimate). */
    depth: number;
    /**
     * Characters marked may scan (an upper estimate): from each construct's start to where it closes, or to
     * the paragraph's end when nothing closes it, and along runs of e-mail characters once per break in them.
     * Scans with marked's heavier patterns count `HEAVY_SCAN` times.
     */
    work: number;
}

// Measured in marked 18: an unclosed emphasis scans with its delimiter patterns, and a formula line inside a
// paragraph makes it look for a setext underline over the rest of the paragraph, each about 16 times as
// slow per character as a plain search; its e-mail look-ahead about twice.
const HEAVY_SCAN = 16;
const EMAIL_SCAN = 2;
const DELIMITERS = new Set(["*", "_", "~"]);
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
// What marked's inline text rule looks ahead over for an e-mail address, and what ends a text token in it.
const EMAIL_CHAR = /[A-Za-z0-9.!#$%&'*+/=?_`{|}~-]/;
const TOKEN_BREAK = new Set([..."*_~`!\\[<$"]);

/**
 * Measures one paragraph's inline markup in one pass. Emphasis follows CommonMark's flanking rules (a run
 * that can only open is pushed, one that can only close takes from the open runs, one that can do both
 * closes when something is open); what stays open costs a scan to the end. Code spans are skipped, since
 * nothing nests inside them. Where a construct's closer is looked up, the search only moves forward.
 */
export function measureInline(text: string): InlineMeasure {
    const closers = codeSpanClosers(text);
    const next = forwardSearch(text);
    const open = new Map<string, { at: number; count: number }[]>([["*", []], ["_", []], ["~", []]]);
    let openCount = 0;
    let brackets = 0;
    let depth = 0;
    let work = 0;
    let emailRun = 0;
    let emailBreaks = 0;
    const endEmailRun = (): void => {
        work += EMAIL_SCAN * emailRun * emailBreaks;
        emailRun = emailBreaks = 0;
    };

    for (let i = 0; i < text.length; i++) {
        const char = text[i]!;
        if (EMAIL_CHAR.test(char)) {
            emailRun++;
            if (TOKEN_BREAK.has(char)) emailBreaks++;
        } else endEmailRun();
        if (char === "\\") {
            if (text[i + 1] === "(") work += next("\\)", i) - i;
            else if (text[i + 1] === "[") work += next("\\]", i) - i;
            if (text[i + 1] === "\n" || text[i + 1] === undefined) continue;
            i++;
            if (EMAIL_CHAR.test(text[i]!)) emailRun++;
            continue;
        }
        if (char === "`") {
            let end = i + 1;
            while (text[end] === "`") end++;
            const closed = closers.get(i);
            work += (closed ?? text.length) - i;
            emailRun += (closed ?? end) - i - 1;
            i = (closed ?? end) - 1;
            continue;
        }
        if (char === "[") {
            brackets++;
            work += next("]", i) - i;
        } else if (char === "]") brackets = Math.max(0, brackets - 1);
        else if (char === "<") work += next(">", i) - i;
        else if (char === "$") work += text[i + 1] === "$" ? next("$$", i + 2) - i : next("$", i + 1) - i;
        else if (char === "\n" && (text.startsWith("$$", i + 1) || text.startsWith("\\[", i + 1))) work += HEAVY_SCAN * (text.length - i);
        else if (DELIMITERS.has(char)) {
            let end = i + 1;
            while (text[end] === char) end++;
            openCount += emphasis(open.get(char)!, i, end - i, flanking(char, text[i - 1], text[end]));
            emailRun += end - i - 1;
            emailBreaks += end - i - 1;
            i = end - 1;
        }
        depth = Math.max(depth, openCount + brackets);
    }
    endEmailRun();
    for (const runs of open.values()) for (const run of runs) work += HEAVY_SCAN * run.count * (text.length - run.at);
    return { depth, work };
}

/** Updates one delimiter character's open runs with the run at `at`; returns the change in open delimiters. */
function emphasis(runs: { at: number; count: number }[], at: number, count: number, { canOpen, canClose }: { canOpen: boolean; canClose: boolean }): number {
    if (canOpen && (!canClose || runs.length === 0)) {
        runs.push({ at, count });
        return count;
    }
    if (!canClose) return 0;
    let left = count;
    while (left > 0 && runs.length > 0) {
        const top = runs[runs.length - 1]!;
        const taken = Math.min(left, top.count);
        top.count -= taken;
        left -= taken;
        if (top.count === 0) runs.pop();
    }
    return left - count;
}

/** Whether a delimiter run between `before` and `after` (undefined at the text's ends) can open or close. */
function flanking(char: string, before: string | undefined, after: string | undefined): { canOpen: boolean; canClose: boolean } {
    const spaceBefore = before === undefined || WHITESPACE.test(before);
    const spaceAfter = after === undefined || WHITESPACE.test(after);
    const punctBefore = before !== undefined && PUNCTUATION.test(before);
    const punctAfter = after !== undefined && PUNCTUATION.test(after);
    const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
    const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
    if (char !== "_") return { canOpen: left, canClose: right };
    return { canOpen: left && (!right || punctBefore), canClose: right && (!left || punctAfter) };
}

/**
 * `next(needle, from)`: where `needle` next occurs at or after `from`, or the text's length. Calls for one
 * needle must come with growing `from`; each search starts past the last one found, so all are linear.
 */
function forwardSearch(text: string): (needle: string, from: number) => number {
    const found = new Map<string, number>();
    return (needle, from) => {
        let at = found.get(needle);
        if (at === undefined || (at >= 0 && at < from)) {
            at = text.indexOf(needle, from);
            found.set(needle, at);
        }
        return at < 0 ? text.length : at;
    };
}

/**
 * For each backtick run that opens a code span: where the span ends (just past the run of the same length
 * that closes it). One pass over the runs, keeping per length where the search has got to.
 */
function codeSpanClosers(text: string): Map<number, number> {
    const runs = new Map<number, number[]>();
    const order: [start: number, length: number][] = [];
    for (let i = text.indexOf("`"); i >= 0; i = text.indexOf("`", i)) {
        let end = i + 1;
        while (text[end] === "`") end++;
        const starts = runs.get(end - i) ?? [];
        starts.push(i);
        runs.set(end - i, starts);
        order.push([i, end - i]);
        i = end;
    }
    const reached = new Map<number, number>();
    const closers = new Map<number, number>();
    let inside = -1;
    for (const [start, length] of order) {
        if (start < inside) continue;
        const starts = runs.get(length)!;
        let at = reached.get(length) ?? 0;
        while (at < starts.length && starts[at]! <= start) at++;
        reached.set(length, at);
        if (at < starts.length) {
            inside = starts[at]! + length;
            closers.set(start, inside);
        }
    }
    return closers;
}
