import { isTextEvent, type RelayEvent, type SolveResult } from "../relay";

/** The `--json` object: the CLI contract that tests and scripts rely on. */
export interface JsonReport {
    text: string;
    spans: SolveResult["spans"];
    calls: SolveResult["calls"];
    /** Every event except text deltas (their text is in `spans`) and the final `done`. */
    events: RelayEvent[];
    usage: SolveResult["usage"];
    stopReason: SolveResult["stopReason"];
    mode: SolveResult["mode"];
    /** Exactly the text the student was given (its chat template applied to the conversation). */
    templatedPrompt: string;
    /** Under `--protocol reference`: the answer as the reference grades it (commands and `[Error: …]` lines kept) and its token count. */
    transcript?: SolveResult["transcript"];
}

export function jsonReport(result: SolveResult, events: RelayEvent[]): JsonReport {
    return {
        text: result.text,
        spans: result.spans,
        calls: result.calls,
        events: events.filter((event) => !isTextEvent(event) && event.type !== "done"),
        usage: result.usage,
        stopReason: result.stopReason,
        mode: result.mode,
        templatedPrompt: result.templatedPrompt,
        ...(result.transcript === undefined ? {} : { transcript: result.transcript }),
    };
}
