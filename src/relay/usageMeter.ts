/** Token and money arithmetic for one solve, in one pure class; renderers only read it. */

/** Teacher prices in US dollars per million tokens. All default to 0 (a local or free teacher). */
export interface TeacherPrices {
    /** Uncached prompt tokens. */
    inputPerMillion: number;
    /** Prompt tokens the provider served from its prefix cache. Defaults to `inputPerMillion` when unknown. */
    cachedInputPerMillion?: number;
    /** Generated tokens. */
    outputPerMillion: number;
}

export const FREE_TEACHER: TeacherPrices = { inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0 };

/** Usage of one solve. Token counts named "student-tokenizer" are what the call ratio uses. */
export interface SolveUsage {
    /** Tokens the student generated (its command text included). */
    studentTokens: number;
    /** Teacher text measured with the student's tokenizer (the call ratio's numerator, as the reference). */
    teacherTokens: number;
    /**
     * Teacher output tokens billed (its server's count; estimated with the student's tokenizer when unreported,
     * including text streamed before a failure or past the grant, which the answer does not show).
     */
    teacherOutputTokens: number;
    /** Prompt tokens sent to the teacher, summed over calls. */
    teacherPromptTokens: number;
    /** Of `teacherPromptTokens`, those served from the server's prefix cache. */
    teacherCachedPromptTokens: number;
    /** Teacher calls granted (granted > 0), failed ones included. */
    calls: number;
    /** Of `calls`, those that failed (`teacher-error`). Always set by the engine; absent in usage stored before it existed. */
    failedCalls?: number;
    /** teacherTokens / (studentTokens + teacherTokens); 0 when nothing was generated. */
    callRatio: number;
    /** Money spent on the teacher. */
    costUSD: number;
    /** What the teacher would have cost writing the whole answer alone (estimated with the student's tokenizer). */
    teacherOnlyCostUSD: number;
}

/** The call ratio: the teacher's share of the tokens both models generated (student tokenizer); 0 when nothing was generated. */
export function callRatioOf(studentTokens: number, teacherTokens: number): number {
    const generated = studentTokens + teacherTokens;
    return generated === 0 ? 0 : teacherTokens / generated;
}

export function priceOf(prices: TeacherPrices, promptTokens: number, cachedPromptTokens: number, outputTokens: number): number {
    const cachedPrice = prices.cachedInputPerMillion ?? prices.inputPerMillion;
    const uncached = Math.max(0, promptTokens - cachedPromptTokens);
    return (uncached * prices.inputPerMillion + cachedPromptTokens * cachedPrice + outputTokens * prices.outputPerMillion) / 1_000_000;
}

export class UsageMeter {
    private studentTokens = 0;
    private teacherTokens = 0;
    private teacherOutputTokens = 0;
    private teacherPromptTokens = 0;
    private teacherCachedPromptTokens = 0;
    private calls = 0;
    private failedCalls = 0;

    /**
     * @param prices teacher prices
     * @param promptTokens the user prompt in student tokens, for the teacher-only counterfactual
     */
    constructor(private readonly prices: TeacherPrices, private readonly promptTokens: number) {}

    addStudent(tokens: number): void {
        this.studentTokens += tokens;
    }

    /**
     * Records one granted teacher call, whatever its outcome.
     * @param keptTokens the teacher's text kept in the answer, in student tokens (0 for a failed call)
     * @param billed what the call costs: output tokens (the server's count, else an estimate) and prompt tokens
     * @param failed true for a call that ended in `teacher-error`
     */
    addTeacherCall(keptTokens: number, billed: { promptTokens?: number; outputTokens: number; cachedPromptTokens?: number }, failed = false): void {
        this.calls += 1;
        if (failed) this.failedCalls += 1;
        this.teacherTokens += keptTokens;
        this.teacherOutputTokens += billed.outputTokens;
        this.teacherPromptTokens += billed.promptTokens ?? 0;
        this.teacherCachedPromptTokens += Math.min(billed.cachedPromptTokens ?? 0, billed.promptTokens ?? 0);
    }

    /** Tokens generated so far by both models (student tokenizer), the quantity the global limit caps. */
    get generatedTokens(): number {
        return this.studentTokens + this.teacherTokens;
    }

    get teacherTokensSoFar(): number {
        return this.teacherTokens;
    }

    get callsSoFar(): number {
        return this.calls;
    }

    snapshot(): SolveUsage {
        const generated = this.generatedTokens;
        return {
            studentTokens: this.studentTokens,
            teacherTokens: this.teacherTokens,
            teacherOutputTokens: this.teacherOutputTokens,
            teacherPromptTokens: this.teacherPromptTokens,
            teacherCachedPromptTokens: this.teacherCachedPromptTokens,
            calls: this.calls,
            failedCalls: this.failedCalls,
            callRatio: callRatioOf(this.studentTokens, this.teacherTokens),
            costUSD: priceOf(this.prices, this.teacherPromptTokens, this.teacherCachedPromptTokens, this.teacherOutputTokens),
            teacherOnlyCostUSD: priceOf(this.prices, this.promptTokens, 0, generated),
        };
    }
}
