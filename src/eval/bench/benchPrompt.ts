/** The instruction the RelayLLM reference appends to every problem (`eval/generate_withhelp.py`). */
export const REFERENCE_PROMPT_SUFFIX = "\nPlease reason step by step, and put your final answer within \\boxed{}.";

/** The user prompt for one problem: the problem text, then the suffix (the reference's by default). */
export function benchPrompt(problem: string, suffix: string = REFERENCE_PROMPT_SUFFIX): string {
    return problem + suffix;
}
