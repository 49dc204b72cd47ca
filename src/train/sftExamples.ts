/**
 * Training examples in the student's own token ids: the prompt as the student evaluates it, then the answer's
 * segments tokenized one after another exactly as its context holds them, with a loss mask.
 */
import { CALL_CLOSE, CALL_OPEN, type RelayEvent, type SolveResult } from "../relay";
import type { LlamaStudent } from "../student";
import { tokenizeContinuation } from "../student/decoding/continuationTokenizer";

/** A stretch of a training target: `learn` false takes it out of the loss (the teacher's text). */
export interface Segment {
    text: string;
    learn: boolean;
}

/** A training example in the student's token ids: 0 in `mask` = no loss (teacher tokens). */
export interface SftExample {
    prompt: number[];
    target: number[];
    mask: number[];
}

/** The prompt as the student evaluates a plain-text prompt: BOS (when the model prepends one), then its tokens. */
export function promptTokens(student: LlamaStudent, templatedPrompt: string): number[] {
    const model = student.model;
    const tokens = model.tokenize(templatedPrompt, false).map(Number);
    return model.tokens.shouldPrependBosToken && model.tokens.bos != null ? [Number(model.tokens.bos), ...tokens] : tokens;
}

/** Tokenizes segments one after another as the student's context holds them, each continuing what came before. */
export function tokenizeSegments(student: LlamaStudent, prompt: number[], segments: readonly Segment[]): Omit<SftExample, "prompt"> {
    type Tokens = Parameters<typeof tokenizeContinuation>[2];
    const context: number[] = [...prompt];
    const target: number[] = [];
    const mask: number[] = [];
    for (const segment of segments) {
        if (segment.text === "") continue;
        const tokens = tokenizeContinuation(student.model, segment.text, context as unknown as Tokens).map(Number);
        for (const token of tokens) {
            target.push(token);
            mask.push(segment.learn ? 1 : 0);
            context.push(token);
        }
    }
    return { target, mask };
}

/** Cuts segments after the first "." (the fact's sentence: the decision to call is made there, the rest is the student's own story). */
export function firstSentence(segments: readonly Segment[]): Segment[] {
    const out: Segment[] = [];
    for (const segment of segments) {
        const stop = segment.text.indexOf(".");
        if (stop >= 0) {
            out.push({ text: segment.text.slice(0, stop + 1), learn: segment.learn });
            return out;
        }
        out.push(segment);
    }
    return out;
}

/**
 * The rollout as the student's context held it: its own text with each executed command, then the teacher's
 * text (not learned). Undefined when the context cannot be rebuilt from the result exactly (a command denied,
 * malformed, or answered with no text), so that rollout is scored but not trained on.
 */
export function rolloutSegments(result: SolveResult, events: readonly RelayEvent[]): Segment[] | undefined {
    if (events.some((event) => event.type === "call-denied" || event.type === "malformed-command" || event.type === "teacher-error" || event.type === "teacher-text-sanitized" || event.type === "teacher-over-grant")) return undefined;
    const segments: Segment[] = [];
    const seen = new Set<number>();
    for (const span of result.spans) {
        if (span.source === "teacher" && span.call !== undefined) {
            if (!seen.has(span.call)) segments.push({ text: `${CALL_OPEN}${result.calls[span.call]!.requested}${CALL_CLOSE}`, learn: true });
            seen.add(span.call);
            segments.push({ text: span.text, learn: false });
        } else segments.push({ text: span.text, learn: true });
    }
    return seen.size === result.calls.length ? segments : undefined;
}
