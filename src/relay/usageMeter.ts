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
    /** Teacher output tokens as the teacher's server billed them (its tokenizer); estimated when unreported. */
    teacherOutputTokens: number;
    /** Prompt tokens sent to the teacher, summed over calls. */
    teacherPromptTokens: number;
    /** Of `teacherPromptTokens`, those served from the server's prefix cache. */
    teacherCachedPromptTokens: number;
    /** Teacher calls that reached the server (granted > 0). */
    calls: number;
    /** teacherTokens / (studentTokens + teacherTokens); 0 when nothing was generated. */
    callRatio: number;
    /** Money spent on the teacher. */
    costUSD: number;
    /** What the teacher would have cost writing the whole answer alone (estimated with the student's tokenizer). */
    teacherOnlyCostUSD: number;
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

    /**
     * @param prices teacher prices
     * @param promptTokens the user prompt in student tokens, for the teacher-only counterfactual
     */
    constructor(private readonly prices: TeacherPrices, private readonly promptTokens: number) {}

    addStudent(tokens: number): void {
        this.studentTokens += tokens;
    }

    /**
     * Records one teacher call that reached the server.
     * @param studentTokenizerTokens the teacher's text in student tokens
     * @param server what the server reported; output falls back to the student-tokenizer count
     */
    addTeacherCall(studentTokenizerTokens: number, server: { promptTokens?: number; completionTokens?: number; cachedPromptTokens?: number }): void {
        this.calls += 1;
        this.teacherTokens += studentTokenizerTokens;
        this.teacherOutputTokens += server.completionTokens ?? studentTokenizerTokens;
        this.teacherPromptTokens += server.promptTokens ?? 0;
        this.teacherCachedPromptTokens += server.cachedPromptTokens ?? 0;
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
            callRatio: generated === 0 ? 0 : this.teacherTokens / generated,
            costUSD: priceOf(this.prices, this.teacherPromptTokens, this.teacherCachedPromptTokens, this.teacherOutputTokens),
            teacherOnlyCostUSD: priceOf(this.prices, this.promptTokens, 0, generated),
        };
    }
}
