/** The graders a benchmark can use: the math grader (default), or exact match of the first word. */
export const GRADER_NAMES = ["math", "exact"] as const;
export type GraderName = (typeof GRADER_NAMES)[number];

/** An exact-match verdict, shaped like the math grader's `equal` and `pred.extracted`. */
export interface ExactVerdict {
    equal: boolean;
    pred: { extracted: string };
}

/** The first word of a model output: its first run of letters, digits or apostrophes, lowercased ("" if none). */
export function firstWord(text: string): string {
    return /[\p{L}\p{N}']+/u.exec(text)?.[0]?.toLowerCase() ?? "";
}

/**
 * Exact-match grading for one-word answers (the test bed's facts): the output's first word must equal the gold
 * answer, ignoring case, surrounding spaces and punctuation. " Dog. The dog ran" matches "dog"; " a dog" does not.
 */
export function gradeExact(gold: string, pred: string): ExactVerdict {
    const extracted = firstWord(pred);
    return { equal: extracted !== "" && extracted === gold.trim().toLowerCase(), pred: { extracted } };
}
