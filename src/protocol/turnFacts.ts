import type { CallDenial, RelayEvent, SolveResult } from "../relay/events";

/**
 * What a turn's notes tell about how it ran: the calls refused, the history left out, the answer limit it ran
 * under. Taken from the engine's events as they stream and from its result at the end, through this one pure
 * reducer on both sides (the host stores them with the turn, the webview shows them live): never recomputed
 * from settings, which under `--protocol reference` are not what the engine used.
 */
export interface TurnFacts {
    denied: Partial<Record<CallDenial, number>>;
    droppedMessages: number;
    /** The answer limit (the engine's resolved `maxTokens`), once the solve started. */
    maxTokens?: number;
}

export const NO_FACTS: TurnFacts = { denied: {}, droppedMessages: 0 };

/** The facts after one event (unchanged, the same object, for events that carry none). */
export function applyTurnEvent(facts: TurnFacts, event: Pick<RelayEvent, "type"> & Partial<Record<string, unknown>>): TurnFacts {
    switch (event.type) {
        case "start": {
            const limits = event.limits as { maxTokens?: unknown } | undefined;
            return typeof limits?.maxTokens === "number" ? { ...facts, maxTokens: limits.maxTokens } : facts;
        }
        case "history-truncated":
            return typeof event.droppedMessages === "number" ? { ...facts, droppedMessages: event.droppedMessages } : facts;
        case "call-denied": {
            const reason = event.reason as CallDenial;
            return { ...facts, denied: { ...facts.denied, [reason]: (facts.denied[reason] ?? 0) + 1 } };
        }
        default:
            return facts;
    }
}

/** The engine's final word on the facts (results stored before it carried them keep the streamed ones). */
export function applyTurnResult(facts: TurnFacts, result: Partial<Pick<SolveResult, "denied" | "droppedMessages" | "limits">>): TurnFacts {
    return {
        denied: result.denied ?? facts.denied,
        droppedMessages: result.droppedMessages ?? facts.droppedMessages,
        maxTokens: result.limits?.maxTokens ?? facts.maxTokens,
    };
}
