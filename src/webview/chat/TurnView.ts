import type { AnswerRenderer } from "../render";
import { element } from "../shared/element";
import { describeStop, describeUsage } from "./describeUsage";
import type { TurnState } from "./TurnState";

/** The DOM of one turn: the prompt, the answer (`data-testid="answer"`), a status note and the usage line. */
export class TurnView {
    readonly root: HTMLElement;
    private readonly answer: HTMLElement;
    private readonly status: HTMLElement;
    private readonly usage: HTMLElement;

    constructor(private readonly document: Document, private readonly renderer: AnswerRenderer, readonly state: TurnState) {
        this.answer = element(document, "div", { className: "relay-answer", testId: "answer", attributes: { "aria-live": "polite" } });
        this.status = element(document, "div", { className: "relay-turn-status", testId: "turn-status" });
        this.usage = element(document, "div", { className: "relay-usage", testId: "usage" });
        this.root = element(
            document,
            "article",
            { className: "relay-turn", testId: "turn", dataset: { turnId: state.id } },
            element(document, "div", { className: "relay-prompt", testId: "prompt", text: state.prompt }),
            this.answer,
            this.status,
            this.usage,
        );
        this.update();
    }

    /** Re-renders the answer from the state, keeping any reasoning section the reader opened open. */
    update(): void {
        const { state } = this;
        const opened = Array.from(this.answer.querySelectorAll("details.relay-think"), (details) => (details as HTMLDetailsElement).open);
        this.answer.replaceChildren(this.renderer.render(state.renderInput()));
        this.answer.querySelectorAll("details.relay-think").forEach((details, index) => {
            if (opened[index]) (details as HTMLDetailsElement).open = true;
        });
        this.answer.setAttribute("aria-busy", String(state.status === "solving"));
        this.root.dataset.status = state.status;

        const note = state.status === "failed" ? state.error ?? "The solve failed." : state.result ? describeStop(state.result.stopReason) : undefined;
        this.status.textContent = note ?? (state.status === "solving" && state.spans.length === 0 ? "Waiting for the model…" : "");
        this.status.hidden = this.status.textContent === "";
        this.status.classList.toggle("relay-error", state.status === "failed");

        this.usage.textContent = state.usage ? describeUsage(state.usage, state.deniedCalls) : "";
        this.usage.hidden = !state.usage;
    }
}
