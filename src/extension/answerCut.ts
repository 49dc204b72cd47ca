import type { RelaySpan, SolveResult } from "../relay";

/**
 * A stopped answer as the person saw it stop: its text and spans cut to `chars` characters (the panel stops
 * drawing at the Stop click, while the student writes on until the stop reaches it). Calls and usage stay whole:
 * those tokens were generated, and a teacher's were billed. Unchanged when the answer is no longer than `chars`.
 */
export function answerCutAt(result: SolveResult, chars: number): SolveResult {
    if (chars >= result.text.length) return result;
    const spans: RelaySpan[] = [];
    let left = chars;
    for (const span of result.spans) {
        if (left <= 0) break;
        const text = span.text.slice(0, left);
        spans.push({ ...span, text });
        left -= text.length;
    }
    return { ...result, text: result.text.slice(0, chars), spans };
}
