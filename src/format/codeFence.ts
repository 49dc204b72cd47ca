/** A Markdown code fence longer than any backtick run in `text`, so the text cannot close it early. */
export function codeFence(text: string): string {
    return "`".repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((run) => run[0].length + 1)));
}
