import type { RelayMode } from "../../relay/options";
import { RELAY_MODES } from "../../relay/options";
import { element } from "../shared/element";

const MODE_LABELS: Record<RelayMode, string> = {
    auto: "Auto",
    learned: "Learned (model calls)",
    confidence: "Confidence",
    "teacher-free": "Teacher-free",
    "teacher-only": "Teacher only",
};

/** The chat view's fixed parts, each with a `data-testid` for end-to-end tests. */
export interface ChatLayout {
    modeSelect: HTMLSelectElement;
    teacherFreeToggle: HTMLInputElement;
    clearButton: HTMLButtonElement;
    notice: HTMLElement;
    configureButton: HTMLButtonElement;
    /** A failure that belongs to no turn shown (a solve that failed before it started). */
    errorBanner: HTMLElement;
    turns: HTMLElement;
    emptyHint: HTMLElement;
    form: HTMLFormElement;
    promptInput: HTMLTextAreaElement;
    sendButton: HTMLButtonElement;
    stopButton: HTMLButtonElement;
}

/** Builds the chat view into `body`: toolbar, legend, teacher notice, conversation, prompt box. */
export function createChatLayout(document: Document, body: HTMLElement): ChatLayout {
    const modeSelect = element(document, "select", { testId: "mode-select", title: "How the student decides to call the teacher" });
    for (const mode of RELAY_MODES) modeSelect.append(element(document, "option", { text: MODE_LABELS[mode], attributes: { value: mode } }));
    const teacherFreeToggle = element(document, "input", { testId: "teacher-free-toggle", attributes: { type: "checkbox" } });
    const clearButton = element(document, "button", { className: "relay-secondary", testId: "clear", text: "Clear", title: "Clear the conversation", attributes: { type: "button" } });
    const toolbar = element(
        document,
        "header",
        { className: "relay-toolbar" },
        element(document, "label", { className: "relay-field" }, "Mode ", modeSelect),
        element(document, "label", { className: "relay-field", title: "Never call the teacher" }, teacherFreeToggle, " Teacher-free"),
        clearButton,
    );

    const legend = element(
        document,
        "div",
        { className: "relay-legend", testId: "legend", attributes: { "aria-label": "Legend" } },
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-swatch relay-swatch-student" }), "Student (local)"),
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-swatch relay-swatch-teacher" }), "Teacher"),
        element(document, "span", { className: "relay-legend-item" }, element(document, "span", { className: "relay-call", dataset: { label: "1" } }), "Teacher call (hover for details)"),
    );

    const configureButton = element(document, "button", { testId: "configure-teacher", text: "Set up a teacher", attributes: { type: "button" } });
    const notice = element(
        document,
        "div",
        { className: "relay-notice", testId: "teacher-notice", attributes: { role: "status" } },
        element(document, "span", { text: "No teacher model is configured: the local model answers alone. " }),
        configureButton,
    );
    notice.hidden = true;

    const errorBanner = element(document, "div", { className: "relay-notice relay-error", testId: "error", attributes: { role: "alert" } });
    errorBanner.hidden = true;

    const emptyHint = element(document, "p", { className: "relay-empty", testId: "empty-hint", text: "Ask a question. The local model writes the answer and calls the teacher for the hard steps; the teacher's parts are highlighted." });
    const turns = element(document, "main", { className: "relay-turns", testId: "turns" }, emptyHint);

    const promptInput = element(document, "textarea", { testId: "prompt-input", attributes: { rows: "3", placeholder: "Ask a question (Enter to send, Shift+Enter for a new line)", "aria-label": "Question" } });
    const sendButton = element(document, "button", { testId: "send", text: "Send", attributes: { type: "submit" } });
    const stopButton = element(document, "button", { className: "relay-secondary", testId: "stop", text: "Stop", attributes: { type: "button" } });
    stopButton.hidden = true;
    const form = element(document, "form", { className: "relay-composer" }, promptInput, element(document, "div", { className: "relay-composer-actions" }, sendButton, stopButton));

    body.replaceChildren(toolbar, legend, notice, errorBanner, turns, form);
    return { modeSelect, teacherFreeToggle, clearButton, notice, configureButton, errorBanner, turns, emptyHint, form, promptInput, sendButton, stopButton };
}
