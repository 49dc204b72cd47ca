/**
 * What the editor shows of a relay edit: the original lines and the proposal interleaved hunk by hunk, each
 * line with its role. The editor replaces the edit's region with these lines and decorates them by role.
 */
import type { Hunk } from "./lineDiff";

/** A hunk waits for a decision, or was accepted (its added lines stay) or rejected (its removed lines come back). */
export type HunkState = "pending" | "accepted" | "rejected";

export interface LayoutLine {
    text: string;
    /** `removed` and `added` lines belong to a pending hunk; everything else reads as plain code. */
    kind: "same" | "removed" | "added";
    /** The hunk index, for removed and added lines. */
    hunk?: number;
    /** An added line with text the teacher wrote. */
    teacher?: boolean;
}

/**
 * The region's lines: unchanged lines once; a pending hunk's removed lines, then its added lines; an
 * accepted hunk's added lines and a rejected hunk's removed lines as plain code. `teacherLines` holds
 * indices into the proposal's lines.
 */
export function diffLayout(original: readonly string[], hunks: readonly Hunk[], states: readonly HunkState[], teacherLines: ReadonlySet<number> = new Set()): LayoutLine[] {
    const lines: LayoutLine[] = [];
    let next = 0;
    hunks.forEach((hunk, index) => {
        for (; next < hunk.originalStart; next++) lines.push({ text: original[next]!, kind: "same" });
        next = hunk.originalStart + hunk.removed.length;
        const state = states[index] ?? "pending";
        if (state !== "accepted") for (const text of hunk.removed) lines.push(state === "pending" ? { text, kind: "removed", hunk: index } : { text, kind: "same" });
        if (state === "rejected") return;
        hunk.added.forEach((text, offset) => {
            if (state === "accepted") lines.push({ text, kind: "same" });
            else lines.push(teacherLines.has(hunk.proposedStart + offset) ? { text, kind: "added", hunk: index, teacher: true } : { text, kind: "added", hunk: index });
        });
    });
    for (; next < original.length; next++) lines.push({ text: original[next]!, kind: "same" });
    return lines;
}
