import { ACTION_TITLES, type PanelAction } from "../../protocol/panelActions";
import type { AnswerRenderer } from "../render";
import { element } from "../shared/element";
import { describeDenied, describeStop, describeUsage, retryHelps } from "./describeUsage";
import type { TurnState } from "./TurnState";

/**
 * The DOM of one turn: the question (rendered Markdown, so attached code shows as code), the answer
 * (`data-testid="answer"`), notes that say in plain sight what went wrong (failed and denied calls,
 * dropped history, errors) with their actions, how it ended, the usage line, and the exact prompt the
 * student was given. Action buttons carry `data-action` (and `data-turn-id`); the app handles their clicks.
 */
export class TurnView {
    readonly root: HTMLElement;
    private readonly answer: HTMLElement;
    private readonly notes: HTMLElement;
    private readonly status: HTMLElement;
    private readonly usage: HTMLElement;
    private readonly sentPrompt: HTMLDetailsElement;
    private readonly sentPromptText: HTMLElement;
    private readonly actions: HTMLElement;

    constructor(private readonly document: Document, private readonly renderer: AnswerRenderer, readonly state: TurnState) {
        const prompt = element(document, "div", { className: "relay-prompt relay-answer", testId: "prompt" });
        prompt.append(renderer.render({ spans: [{ source: "student", text: state.prompt }], calls: [] }));
        this.answer = element(document, "div", { className: "relay-answer", testId: "answer", attributes: { "aria-live": "polite" } });
        this.notes = element(document, "div", { className: "relay-turn-notes", testId: "turn-notes" });
        this.status = element(document, "div", { className: "relay-turn-status", testId: "turn-status" });
        this.usage = element(document, "div", { className: "relay-usage", testId: "usage" });
        this.actions = element(document, "div", { className: "relay-note-actions relay-answer-actions", testId: "answer-actions" });
        this.sentPromptText = element(document, "pre", { className: "relay-sent-prompt-text", testId: "sent-prompt-text" });
        this.sentPrompt = element(document, "details", { className: "relay-sent-prompt", testId: "sent-prompt" }, element(document, "summary", { text: "Prompt the student was given" }), this.sentPromptText);
        this.root = element(document, "article", { className: "relay-turn", testId: "turn", dataset: { turnId: state.id } }, prompt, this.answer, this.notes, this.status, this.usage, this.actions, this.sentPrompt);
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
        this.answer.hidden = state.status === "failed" && state.spans.length === 0;

        this.renderNotes();
        const note = state.result ? describeStop(state.result, state.maxTokens) : undefined;
        this.status.textContent = note ?? (state.status === "solving" && state.spans.length === 0 ? "Waiting for the model…" : "");
        this.status.hidden = this.status.textContent === "";

        this.actions.replaceChildren(...(state.status === "done" ? this.answerActions() : []));
        this.actions.hidden = state.status !== "done";

        this.usage.textContent = state.usage ? describeUsage(state.usage) : "";
        this.usage.hidden = !state.usage;

        const templated = state.result?.templatedPrompt ?? "";
        this.sentPromptText.textContent = templated;
        this.sentPrompt.hidden = templated === "";
    }

    /** Copy the answer (as its Markdown), and for the last turn Regenerate (asks the same question again in its place). */
    private answerActions(): HTMLElement[] {
        const { state, document } = this;
        const button = (turnAction: string, text: string) =>
            element(document, "button", { className: "relay-secondary", testId: `turn-${turnAction}`, text, attributes: { type: "button" }, dataset: { turnAction, turnId: state.id } });
        return [button("copy", "Copy answer"), ...(state.latest ? [button("regenerate", "Regenerate")] : [])];
    }

    private renderNotes(): void {
        const { state, document } = this;
        const notes: HTMLElement[] = [];
        const note = (testId: string, text: string, failure = false) => notes.push(element(document, "p", { className: failure ? "relay-note relay-note-failure" : "relay-note", testId, text }));
        if (state.droppedMessages > 0) {
            note("history-note", `The ${state.droppedMessages} oldest ${state.droppedMessages === 1 ? "message was" : "messages were"} left out: the whole conversation no longer fits the student's context.`);
        }
        const failedCalls = state.calls.flatMap((call, index) => (call?.finishReason === "error" ? [{ index, error: call.error }] : []));
        for (const { index, error } of failedCalls) note("call-failure", `Teacher call ${index + 1} failed: ${error ?? "no reason given"}`, true);
        for (const line of describeDenied(state.denied)) note("call-denied", line, (state.denied["teacher-unavailable"] ?? 0) > 0);
        if (state.status === "failed") note("turn-error", state.error ?? "The solve failed.", true);

        const actions: PanelAction[] = [];
        const teacherTrouble = failedCalls.length > 0 || (state.denied["teacher-unavailable"] ?? 0) > 0 || state.errorAction === "testTeacher" || state.errorAction === "setApiKey";
        if (state.status !== "solving" && state.latest && (teacherTrouble || retryHelps(state.denied))) actions.push("retryWithTeacher");
        if (state.errorAction) actions.push(state.errorAction);
        if (teacherTrouble && !actions.includes("testTeacher")) actions.push("testTeacher");
        if ((state.denied["no-teacher"] ?? 0) > 0) actions.push("chooseTeacher");
        if (actions.length > 0 && state.status !== "solving") {
            notes.push(
                element(
                    document,
                    "div",
                    { className: "relay-note-actions" },
                    ...actions.map((action) =>
                        element(document, "button", {
                            className: action === "retryWithTeacher" ? undefined : "relay-secondary",
                            testId: action === "retryWithTeacher" ? "retry-with-teacher" : `action-${action}`,
                            text: ACTION_TITLES[action],
                            attributes: { type: "button" },
                            dataset: { action, turnId: state.id },
                        }),
                    ),
                ),
            );
        }
        this.notes.replaceChildren(...notes);
        this.notes.hidden = notes.length === 0;
        this.root.classList.toggle("relay-turn-failed", failedCalls.length > 0 || state.status === "failed");
    }
}
