/** The parsed shapes of an answer. Every node is plain JSON data, so results can be logged or stored as is. */

/**
 * Where the answer is taken from when a text has boxes: `last` (the default: the last `\boxed{}` and the
 * boxes joined to it) or `first` (the RelayLLM reference evaluation: the first `\boxed{` that has a `}` later
 * on its line; its content up to the matching `}`, or up to the last `}` of the line when none matches).
 */
export type ExtractMode = "first" | "last";
export const EXTRACT_MODES: readonly ExtractMode[] = ["first", "last"];

/** A number literal: `1,000`, `.5`, `28\%`, `4.5e33`, `3 \times 10^{8}`. */
export interface NumberNode {
    kind: "number";
    /** The literal as written, after LaTeX normalization. */
    latex: string;
    /** Its value; for a percentage, the number before the percent sign. */
    value: number;
    /** True for `28\%` / `28 percent`: the answer also matches 0.28. */
    percent: boolean;
    /** The digits when the literal is an integer (exact comparison for numbers beyond 2^53). */
    integer?: string;
}

/** Anything the compute engine should judge: `\frac{\sqrt3}{2}`, `2k+2`, `3\pi`. */
export interface ExpressionNode {
    kind: "expression";
    /** The expression, without a percent sign after it. */
    latex: string;
    /** True for `\frac{1}{2}\%`: the expression is a percentage, so it also matches its value divided by 100. */
    percent?: boolean;
}

/** A time of day: `20:34`, `8:34 p.m.`, `06:50:00`. */
export interface TimeNode {
    kind: "time";
    /** The literal as written, after LaTeX normalization. */
    latex: string;
    /** Seconds after midnight, on a 24-hour clock. */
    seconds: number;
}

/** Words or option letters: `\text{Evelyn}`, `(C)`, `even`. */
export interface TextNode {
    kind: "text";
    text: string;
}

/** `=`, `<`, `\le`, ... as written; `>` and `\ge` are kept and flipped only when comparing. */
export type RelationOperator = "=" | "<" | ">" | "\\le" | "\\ge" | "\\ne";

/** An equation or inequality, possibly chained: `x = 5+5+1 = 11`, `0 < f(x) < 1`. */
export interface RelationNode {
    kind: "relation";
    /** The sides, left to right, as LaTeX. */
    sides: string[];
    /** `operators[i]` stands between `sides[i]` and `sides[i + 1]`. */
    operators: RelationOperator[];
}

/** A real interval; `(a, b)` with round brackets on both ends is parsed as a tuple and may match an open interval. */
export interface IntervalNode {
    kind: "interval";
    leftClosed: boolean;
    rightClosed: boolean;
    lower: AnswerNode;
    upper: AnswerNode;
}

/** A union of intervals or sets: `(0,9) \cup (9,36)`. */
export interface UnionNode {
    kind: "union";
    items: AnswerNode[];
}

/** An ordered tuple or point: `(6,31,-1)`, `(3, \frac{\pi}{2})`. */
export interface TupleNode {
    kind: "tuple";
    items: AnswerNode[];
}

/** An explicit set `\{...\}`: order does not matter. */
export interface SetNode {
    kind: "set";
    items: AnswerNode[];
}

/** Several answers given side by side (`1, 2`, `$1$ and $2$`, several boxes, `a \pm b`): order does not matter. */
export interface ListNode {
    kind: "list";
    items: AnswerNode[];
}

/** A matrix or vector from a `pmatrix`/`bmatrix`/`array` environment. */
export interface MatrixNode {
    kind: "matrix";
    rows: AnswerNode[][];
}

/** No answer could be found. */
export interface EmptyNode {
    kind: "empty";
}

/** An answer past the grader's caps (length, bracket depth, time): judged not equal to anything. */
export interface UnparseableNode {
    kind: "unparseable";
    /** Which cap it passed, in words. */
    reason: string;
}

export type AnswerNode =
    | NumberNode
    | ExpressionNode
    | TimeNode
    | TextNode
    | RelationNode
    | IntervalNode
    | UnionNode
    | TupleNode
    | SetNode
    | ListNode
    | MatrixNode
    | EmptyNode
    | UnparseableNode;

export type AnswerKind = AnswerNode["kind"];

/** An answer as the grader sees it: what was cut out of the text, its normalized LaTeX, and its parsed shape. */
export type ParsedAnswer = AnswerNode & {
    /** The substring taken from the model output (or the gold string); for an unparseable answer its first 200 characters and `…`. */
    extracted: string;
    /** `extracted` after LaTeX normalization (spacing, `\left`, `\dfrac`, units, ... removed). */
    normalized: string;
};

/** Options of `grade()`. */
export interface GradeOptions {
    /** Wall-clock limit for extraction, parsing and comparison together, in milliseconds. Default 5000. */
    timeLimitMs?: number;
    /** Which box of a model output (`pred`) is the answer: `last` (default) or `first` (the reference evaluation's rule). */
    extract?: ExtractMode;
    /** Relative tolerance when numbers are compared in floating point. Default 1e-6. */
    relativeTolerance?: number;
}

/** The verdict of `grade()`. */
export interface GradeResult {
    equal: boolean;
    gold: ParsedAnswer;
    pred: ParsedAnswer;
    /** True when grading hit the time limit; `equal` is then false. */
    timedOut: boolean;
}
