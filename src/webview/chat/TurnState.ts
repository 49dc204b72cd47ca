import type { ChatTurn, DeniedCalls, PanelAction, ReadRelayEvent, ReadSolveResult } from "../../protocol/messages";
import type { RelaySpan } from "../../relay/events";
import { SpanBuilder } from "../../relay/spanBuilder";
import type { SolveUsage } from "../../relay/usageMeter";
import type { CallInfo } from "../render";
import type { RenderInput } from "../render";
import { applyTurnEvent, applyTurnResult, NO_FACTS, type TurnFacts } from "../../protocol/turnFacts";

export type TurnStatus = "solving" | "done" | "failed";

/**
 * One question and its answer as the chat shows it: built up from relay events while the solve streams
 * (with the engine's own SpanBuilder), then replaced by the finished result's spans, the stored truth. Call offsets come from the events while streaming and from
 * the stored call records after a reload, so a call that wrote nothing keeps its badge in the right place.
 */
export class TurnState {
    status: TurnStatus;
    private readonly streamed = new SpanBuilder();
    private finalSpans?: readonly RelaySpan[];
    calls: (CallInfo | undefined)[] = [];
    readonly callOffsets: (number | undefined)[] = [];
    usage?: SolveUsage;
    result?: ReadSolveResult;
    error?: string;
    errorAction?: PanelAction;
    /** Refused calls, dropped history and the answer limit, as the engine reported them (the shared reducer). */
    private facts: TurnFacts = NO_FACTS;
    /** Characters of the answer when the person pressed Stop; text after that is not drawn. */
    private stoppedAt?: number;

    /** The conversation's last turn: the only one that offers Retry and Regenerate (they replace it). */
    latest = true;

    constructor(readonly id: string, readonly prompt: string, readonly startedAt: number, status: TurnStatus = "solving") {
        this.status = status;
    }

    /** A turn from the host (stored or just started); `solving` for the one still running. */
    static from(turn: ChatTurn, solving: boolean): TurnState {
        const state = new TurnState(turn.id, turn.prompt, turn.startedAt, solving ? "solving" : "done");
        state.facts = { denied: { ...turn.denied }, droppedMessages: turn.droppedMessages ?? 0, maxTokens: turn.maxTokens };
        if (turn.result) state.finish(turn.result);
        if (turn.error !== undefined) state.fail(turn.error, turn.errorAction);
        if (solving) state.status = "solving";
        return state;
    }

    /** The answer's spans: the finished result's, else those streamed so far. */
    get spans(): readonly RelaySpan[] {
        return this.finalSpans ?? this.streamed.current;
    }

    /** Calls the engine refused (budget, teacher-free, no teacher, limits), by reason. */
    get denied(): DeniedCalls {
        return this.facts.denied;
    }

    /** Oldest messages left out of this turn's conversation to fit the student's context. */
    get droppedMessages(): number {
        return this.facts.droppedMessages;
    }

    /** The answer-length limit the solve ran under, when known. */
    get maxTokens(): number | undefined {
        return this.facts.maxTokens;
    }

    /** Refused calls in all. */
    get deniedCalls(): number {
        return Object.values(this.denied).reduce((sum, count) => sum + (count ?? 0), 0);
    }

    /**
     * The person pressed Stop: the answer ends here, whatever the student writes before the stop reaches it.
     * Returns the answer's length in characters, which the host cuts the stored answer to.
     */
    stopHere(): number {
        this.stoppedAt ??= this.streamed.text.length;
        return this.stoppedAt;
    }

    /** Applies one engine event; returns true when what the answer shows changed. Malformed events are ignored. */
    apply(event: ReadRelayEvent): boolean {
        if (this.status !== "solving") return false;
        switch (event.type) {
            case "student-text":
                return typeof event.text === "string" && this.stoppedAt === undefined && this.append({ source: "student", text: event.text });
            case "teacher-text":
                return typeof event.text === "string" && isIndex(event.call) && this.stoppedAt === undefined && this.append({ source: "teacher", text: event.text, call: event.call });
            case "call-granted":
                if (!isIndex(event.call)) return false;
                this.calls[event.call] = { requested: event.requested, granted: event.granted };
                this.callOffsets[event.call] = this.streamed.text.length;
                return true;
            case "teacher-done":
                if (!isIndex(event.call)) return false;
                this.calls[event.call] = event.record;
                return true;
            case "teacher-error":
                if (!isIndex(event.call)) return false;
                // The engine drops a failed call's partial text from the answer; so does the view.
                this.streamed.dropCall(event.call);
                this.calls[event.call] = { ...this.calls[event.call], finishReason: "error", latencyMs: this.calls[event.call]?.latencyMs ?? 0, error: typeof event.message === "string" ? event.message : undefined };
                return true;
            case "call-denied":
            case "history-truncated":
            case "start": {
                const before = this.facts;
                this.facts = applyTurnEvent(this.facts, event);
                return this.facts !== before;
            }
            case "call-requested":
            case "malformed-command":
            case "teacher-over-grant":
            case "teacher-text-sanitized":
            case "teacher-usage-rejected":
                return false;
            default:
                event satisfies never;
                return false;
        }
    }

    /** The final answer: its spans replace the streamed ones. */
    finish(result: ReadSolveResult): void {
        this.result = result;
        this.facts = applyTurnResult(this.facts, result);
        this.finalSpans = result.spans;
        this.calls = result.calls;
        result.calls.forEach((call, index) => {
            if (Number.isInteger(call.offset)) this.callOffsets[index] = call.offset;
        });
        this.usage = result.usage;
        this.status = "done";
    }

    fail(message: string, action?: PanelAction): void {
        this.error = message;
        this.errorAction = action;
        this.status = "failed";
    }

    /** What the renderer needs for the answer as it stands. */
    renderInput(): RenderInput {
        return { spans: this.spans, calls: this.calls, callOffsets: this.callOffsets, streaming: this.status === "solving" };
    }

    private append(span: RelaySpan): boolean {
        if (span.text === "") return false;
        this.streamed.add(span.source, span.text, span.call);
        return true;
    }
}

function isIndex(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 10_000;
}
