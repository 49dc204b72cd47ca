/**
 * A line diff of a selection against the relay's rewrite of it: the hunks a person accepts or rejects one by one.
 * Longest common subsequence over lines; selections are small, and above `MAX_CELLS` the whole region is one hunk.
 */

/** One change: `removed` lines of the original at `originalStart` replaced by `added` lines of the proposal at `proposedStart`. */
export interface Hunk {
    originalStart: number;
    removed: string[];
    proposedStart: number;
    added: string[];
}

/** Above this many original × proposed lines the table would be too big to build on every streamed token. */
const MAX_CELLS = 1_000_000;

/** The hunks that turn `original` into `proposed`, in order; none when they are equal. */
export function diffLines(original: readonly string[], proposed: readonly string[]): Hunk[] {
    const n = original.length;
    const m = proposed.length;
    if (n * m > MAX_CELLS) return n === 0 && m === 0 ? [] : [{ originalStart: 0, removed: [...original], proposedStart: 0, added: [...proposed] }];
    // common[i][j]: the longest common subsequence of original[i..] and proposed[j..].
    const common = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) common[i]![j] = original[i] === proposed[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
    const hunks: Hunk[] = [];
    let open: Hunk | undefined;
    let i = 0;
    let j = 0;
    const hunkAt = () => (open ??= { originalStart: i, removed: [], proposedStart: j, added: [] });
    while (i < n || j < m) {
        if (i < n && j < m && original[i] === proposed[j]) {
            if (open) hunks.push(open);
            open = undefined;
            i++;
            j++;
        } else if (j < m && (i === n || common[i]![j + 1]! >= common[i + 1]![j]!)) {
            hunkAt().added.push(proposed[j++]!);
        } else {
            hunkAt().removed.push(original[i++]!);
        }
    }
    if (open) hunks.push(open);
    return hunks;
}
