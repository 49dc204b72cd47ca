import type { RelayMode } from "../../relay/options";
import { element } from "../shared/element";

/** The mode picker's entries: the one teacher-free control lives here (it writes `relay.teacherFree`). */
export const PANEL_MODES: readonly { mode: RelayMode; label: string }[] = [
    { mode: "auto", label: "Auto" },
    { mode: "learned", label: "Learned (model calls)" },
    { mode: "confidence", label: "Confidence" },
    { mode: "teacher-free", label: "Teacher-free (nothing leaves this machine)" },
    { mode: "teacher-only", label: "Teacher only" },
];

/** The chat view's fixed parts, each with a `data-testid` for end-to-end tests. */
export interface ChatLayout {
    historyButton: HTMLButtonElement;
    historyList: HTMLElement;
    /** Filters the history's rows as the person types. */
    historySearch: HTMLInputElement;
    historyRows: HTMLElement;
    newChatButton: HTMLButtonElement;
    title: HTMLElement;
    modeSelect: HTMLSelectElement;
    clearButton: HTMLButtonElement;
    /** Shown above a conversation when no teacher is configured (the empty state says it itself). */
    notice: HTMLElement;
    /** A failure that belongs to no turn shown (a solve that failed before it started), with its action. */
    errorBanner: HTMLElement;
    errorText: HTMLElement;
    errorAction: HTMLButtonElement;
    turns: HTMLElement;
    /** The first-run guide: what is missing, student first, each with its button. */
    setup: HTMLElement;
    studentStep: HTMLElement;
    teacherStep: HTMLElement;
    emptyHint: HTMLElement;
    form: HTMLFormElement;
    attachment: HTMLElement;
    attachmentBody: HTMLElement;
    attachmentLabel: HTMLElement;
    attachmentRemove: HTMLButtonElement;
    promptInput: HTMLTextAreaElement;
    sendButton: HTMLButtonElement;
    stopButton: HTMLButtonElement;
    /** The one hover for call details (`data-detail` elements), shown on pointer hover and keyboard focus. */
    tooltip: HTMLElement;
}

const button = (document: Document, testId: string, text: string, props: { className?: string; title?: string; action?: string } = {}) =>
    element(document, "button", { className: props.className, testId, text, attributes: { type: "button", ...(props.title ? { "aria-label": props.title } : {}) }, dataset: props.action ? { action: props.action } : {} });

/** Builds the chat view into `body`: toolbar, history list, legend, notices, conversation, prompt box. */
export function createChatLayout(document: Document, body: HTMLElement): ChatLayout {
    const historyButton = button(document, "history-toggle", "History", { className: "relay-secondary", title: "Show the conversations of this workspace" });
    historyButton.setAttribute("aria-expanded", "false");
    historyButton.setAttribute("aria-controls", "relay-history");
    const newChatButton = button(document, "new-chat", "New chat", { className: "relay-secondary" });
    const title = element(document, "span", { className: "relay-title", testId: "conversation-title" });
    const modeSelect = element(document, "select", { testId: "mode-select", attributes: { "aria-label": "How the student calls the teacher" } });
    for (const { mode, label } of PANEL_MODES) modeSelect.append(element(document, "option", { text: label, attributes: { value: mode } }));
    const clearButton = button(document, "clear", "Clear", { className: "relay-secondary", title: "Clear this conversation" });
    const toolbar = element(
        document,
        "header",
        { className: "relay-toolbar" },
        historyButton,
        newChatButton,
        title,
        element(document, "label", { className: "relay-field" }, "Mode ", modeSelect),
        clearButton,
    );
    const historySearch = element(document, "input", {
        className: "relay-history-search",
        testId: "history-search",
        attributes: { type: "search", placeholder: "Search titles and questions", "aria-label": "Search conversations" },
    });
    const historyRows = element(document, "div", { className: "relay-history-rows", testId: "history-rows" });
    const historyList = element(document, "nav", { className: "relay-history", testId: "history", attributes: { id: "relay-history", "aria-label": "Conversations" } }, historySearch, historyRows);
    historyList.hidden = true;

    const legend = element(
        document,
        "div",
        { className: "relay-legend", testId: "legend", attributes: { "aria-label": "Legend" } },
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-swatch relay-swatch-student" }), "Student (local)"),
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-swatch relay-swatch-teacher" }), "Teacher"),
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-call", dataset: { label: "1" } }), "Teacher call (hover or focus for details)"),
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-call relay-call-failed", dataset: { label: "1 ✕" } }), "Failed call"),
    );

    const notice = element(
        document,
        "div",
        { className: "relay-notice", testId: "teacher-notice", attributes: { role: "status" } },
        element(document, "span", { text: "No teacher model is configured: the local model answers alone. " }),
        button(document, "configure-teacher", "Choose Teacher Provider", { action: "chooseTeacher" }),
    );
    notice.hidden = true;

    const errorText = element(document, "span", { testId: "error-text" });
    const errorAction = button(document, "error-action", "");
    errorAction.hidden = true;
    const errorBanner = element(document, "div", { className: "relay-notice relay-error", testId: "error", attributes: { role: "alert" } }, errorText, errorAction);
    errorBanner.hidden = true;

    const step = (testId: string, heading: string, text: string, ...buttons: HTMLButtonElement[]) =>
        element(document, "li", { className: "relay-step", testId }, element(document, "strong", { text: heading }), element(document, "p", { text }), element(document, "div", { className: "relay-step-actions" }, ...buttons));
    const studentStep = step("setup-student", "Choose a student model", "The local model that writes every answer (a .gguf file or an hf: URI). Nothing can be answered without it.", button(document, "setup-select-student", "Select Student Model", { action: "selectStudent" }));
    const teacherStep = step(
        "setup-teacher",
        "Add a teacher (optional)",
        "A large model the student calls for the hard steps: a cloud API or a local server. Without one, the student answers alone.",
        button(document, "setup-choose-teacher", "Choose Teacher Provider", { action: "chooseTeacher" }),
        button(document, "setup-test-teacher", "Test Connection", { className: "relay-secondary", action: "testTeacher" }),
    );
    const setup = element(document, "section", { className: "relay-setup", testId: "setup", attributes: { "aria-label": "Set up Relay" } }, element(document, "h2", { text: "Set up Relay" }), element(document, "ol", {}, studentStep, teacherStep));
    const emptyHint = element(document, "p", { className: "relay-empty", testId: "empty-hint", text: "Ask a question. The local model writes the answer and calls the teacher for the hard steps; the teacher's parts are highlighted." });
    const turns = element(document, "main", { className: "relay-turns", testId: "turns" }, setup, emptyHint);

    const attachmentLabel = element(document, "span", { className: "relay-attachment-label", testId: "attachment-label" });
    const attachmentRemove = button(document, "attachment-remove", "✕", { className: "relay-secondary", title: "Remove the attached code" });
    const attachmentBody = element(document, "div", { className: "relay-attachment-body relay-answer" });
    const attachment = element(document, "div", { className: "relay-attachment", testId: "attachment" }, element(document, "div", { className: "relay-attachment-head" }, attachmentLabel, attachmentRemove), attachmentBody);
    attachment.hidden = true;
    const promptInput = element(document, "textarea", { testId: "prompt-input", attributes: { rows: "3", placeholder: "Ask a question (Enter to send, Shift+Enter for a new line)", "aria-label": "Question" } });
    const sendButton = element(document, "button", { testId: "send", text: "Send", attributes: { type: "submit" } });
    const stopButton = button(document, "stop", "Stop", { className: "relay-secondary" });
    stopButton.hidden = true;
    const form = element(
        document,
        "form",
        { className: "relay-composer" },
        attachment,
        element(document, "div", { className: "relay-composer-row" }, promptInput, element(document, "div", { className: "relay-composer-actions" }, sendButton, stopButton)),
    );
    const tooltip = element(document, "div", { className: "relay-tooltip", testId: "call-tooltip", attributes: { role: "tooltip", id: "relay-tooltip" } });
    tooltip.hidden = true;

    body.replaceChildren(toolbar, historyList, legend, notice, errorBanner, turns, form, tooltip);
    return { historyButton, historyList, historySearch, historyRows, newChatButton, title, modeSelect, clearButton, notice, errorBanner, errorText, errorAction, turns, setup, studentStep, teacherStep, emptyHint, form, attachment, attachmentBody, attachmentLabel, attachmentRemove, promptInput, sendButton, stopButton, tooltip };
}
