import { parseAttachment, parseHostMessage, type Attachment, type ChatSettings, type ConversationSummary, type HostToWebview, type PanelAction } from "../../protocol/messages";
import { RELAY_MODES, type RelayMode } from "../../relay/options";
import { createRenderer } from "../render";
import type { WebviewApi } from "../shared/webviewApi";
import { createChatLayout } from "./createChatLayout";
import { attachTooltip } from "./attachTooltip";
import { renderHistory } from "./renderHistory";
import { TurnState } from "./TurnState";
import { ChatTurns } from "./ChatTurns";
import { handleChatClick, type ClickContext } from "./chatClicks";
import { codeFence } from "../../format/codeFence";
import { diagnosticLine } from "../../format/diagnosticLine";
import { element } from "../shared/element";
import { ACTION_TITLES } from "../../protocol/panelActions";

/** What the chat view keeps across webview reloads (the host keeps the conversations). */
export interface ChatViewState {
    draft?: string;
    attachment?: Attachment;
}

export interface ChatApp {
    /** Applies one host message; what the window's message listener calls after validation. */
    handle(message: HostToWebview): void;
    dispose(): void;
}


/**
 * Starts the chat view in `window`: builds the layout into its body, listens for host messages (each
 * validated with `parseHostMessage`; anything malformed is ignored), and posts `webview/ready`.
 */
export function createChatApp(window: Window, api: WebviewApi<ChatViewState>): ChatApp {
    const document = window.document;
    const renderer = createRenderer(window);
    const ui = createChatLayout(document, document.body);
    const turns = new ChatTurns(window, ui.turns, renderer);
    let solvingId: string | undefined;
    let settings: ChatSettings | undefined;
    let conversations: ConversationSummary[] = [];
    let conversationId: string | undefined;
    let attachment: Attachment | undefined;
    const tooltip = attachTooltip(window, ui.tooltip);

    const saveState = (): void => void api.setState({ draft: ui.promptInput.value, attachment });

    const showAttachment = (next: Attachment | undefined): void => {
        attachment = next;
        ui.attachment.hidden = !next;
        if (next) {
            const lines = next.text.replace(/\n$/, "").split("\n").length;
            const problems = next.diagnostics ?? [];
            const problemCount = problems.length === 0 ? "" : `, ${problems.length} ${problems.length === 1 ? "problem" : "problems"}`;
            ui.attachmentLabel.textContent = `${next.fileName} (${lines} ${lines === 1 ? "line" : "lines"}${problemCount})`;
            const fence = codeFence(next.text);
            ui.attachmentBody.replaceChildren(renderer.render({ spans: [{ source: "student", text: `${fence}${next.languageId}\n${next.text}\n${fence}` }], calls: [] }));
            // Plain text: a compiler's message holds `*`, `<` and backticks that Markdown would misread.
            if (problems.length > 0) ui.attachmentBody.append(element(document, "ul", { className: "relay-attachment-problems", testId: "attachment-problems" }, ...problems.map((problem) => element(document, "li", { text: diagnosticLine(problem) }))));
        } else ui.attachmentBody.replaceChildren();
        saveState();
    };

    const refreshControls = (): void => {
        const solving = solvingId !== undefined;
        ui.sendButton.hidden = solving;
        ui.stopButton.hidden = !solving;
        ui.clearButton.disabled = solving || turns.size === 0;
        const empty = turns.size === 0;
        const studentMissing = settings?.studentConfigured === false;
        const teacherMissing = settings?.teacherConfigured === false;
        ui.setup.hidden = !empty || !(studentMissing || teacherMissing);
        ui.studentStep.hidden = !studentMissing;
        ui.teacherStep.hidden = !teacherMissing;
        ui.emptyHint.hidden = !empty || studentMissing;
        ui.promptInput.placeholder = studentMissing ? "Choose a student model first (above)" : "Ask a question (Enter to send, Shift+Enter for a new line)";
        if (settings) {
            ui.modeSelect.value = settings.teacherFree ? "teacher-free" : settings.mode;
            // Which teacher a question will reach, on hover (and for tests to wait on a settings change).
            const teacher = settings.teacherFree ? "" : settings.teacherHost;
            ui.modeSelect.title = teacher ? `Teacher: ${teacher}` : "No teacher: the local model answers alone";
            ui.modeSelect.dataset.teacher = teacher;
            ui.notice.hidden = empty || settings.teacherConfigured || settings.teacherFree;
        }
        const current = conversations.find((conversation) => conversation.id === conversationId);
        ui.title.textContent = current?.title ?? "";
        renderHistory(document, ui.historyRows, conversations, conversationId, solving, ui.historySearch.value);
    };

    const showError = (message: string, action?: PanelAction): void => {
        ui.errorText.textContent = message;
        ui.errorAction.hidden = action === undefined || action === "retryWithTeacher";
        if (action) {
            ui.errorAction.textContent = ACTION_TITLES[action];
            ui.errorAction.dataset.action = action;
        }
        ui.errorBanner.hidden = false;
    };

    const handle = (message: HostToWebview): void => {
        switch (message.type) {
            case "state/init": {
                turns.clear();
                tooltip.hide();
                solvingId = message.solvingTurnId;
                conversationId = message.conversationId;
                conversations = message.conversations;
                for (const turn of message.turns) turns.add(TurnState.from(turn, turn.id === solvingId));
                settings = message.settings ?? settings;
                turns.scrollToEnd();
                break;
            }
            case "conversations/changed":
                conversations = message.conversations;
                break;
            case "composer/attach":
                showAttachment(message.attachment);
                ui.promptInput.focus();
                break;
            case "solve/started": {
                const turn = message.turn;
                solvingId = turn.id;
                ui.errorBanner.hidden = true;
                turns.add(TurnState.from(turn, true));
                turns.scrollToEnd();
                break;
            }
            case "relay/event": {
                const view = turns.get(message.turnId);
                if (view?.state.apply(message.event)) turns.changed(view);
                return;
            }
            case "solve/finished": {
                const view = turns.get(message.turnId);
                if (solvingId === message.turnId) solvingId = undefined;
                if (view) {
                    view.state.finish(message.result);
                    turns.changed(view);
                }
                break;
            }
            case "solve/failed": {
                const view = turns.get(message.turnId);
                if (view) {
                    view.state.fail(message.message, message.action);
                    turns.changed(view);
                } else showError(message.message, message.action);
                if (solvingId === message.turnId) solvingId = undefined;
                break;
            }
            case "settings/changed":
                settings = message.settings ?? settings;
                break;
            case "usage/history":
                return;
            default:
                message satisfies never;
                return;
        }
        refreshControls();
    };

    const submit = (): void => {
        const prompt = ui.promptInput.value;
        if ((prompt.trim() === "" && !attachment) || solvingId !== undefined) return;
        api.postMessage(attachment ? { type: "solve/submit", prompt, attachment } : { type: "solve/submit", prompt });
        ui.errorBanner.hidden = true;
        ui.promptInput.value = "";
        showAttachment(undefined);
    };

    const clicks: ClickContext = {
        post: (message) => api.postMessage(message),
        solving: () => solvingId !== undefined,
        turn: (id) => turns.get(id)?.state,
        confirmCopy: (button) => confirmCopy(window, button as HTMLButtonElement | null),
    };
    const listeners: [EventTarget, string, (event: Event) => void][] = [
        [window, "message", (event) => {
            const message = parseHostMessage((event as MessageEvent).data);
            if (message) handle(message);
        }],
        [ui.form, "submit", (event) => {
            event.preventDefault();
            submit();
        }],
        [ui.promptInput, "keydown", (event) => {
            const key = event as KeyboardEvent;
            if (key.key !== "Enter" || key.shiftKey || key.altKey || key.ctrlKey || key.metaKey || key.isComposing) return;
            key.preventDefault();
            submit();
        }],
        [ui.promptInput, "input", saveState],
        // Shift+Tab on the first control would land on the webview's own frame and stay there (VS Code's frames, not
        // ours): the host moves focus out to the workbench instead.
        [ui.historyButton, "keydown", (event) => {
            const key = event as KeyboardEvent;
            if (key.key !== "Tab" || !key.shiftKey) return;
            key.preventDefault();
            api.postMessage({ type: "focus/leave" });
        }],
        [ui.attachmentRemove, "click", () => showAttachment(undefined)],
        [ui.stopButton, "click", () => {
            // The answer stops where the person saw it stop: nothing more is drawn, and the host keeps it at that length.
            const solving = solvingId === undefined ? undefined : turns.get(solvingId)?.state;
            const shownChars = solving?.stopHere();
            api.postMessage(shownChars === undefined ? { type: "solve/cancel" } : { type: "solve/cancel", shownChars });
        }],
        // The host asks for confirmation and sends the emptied conversation back.
        [ui.clearButton, "click", () => solvingId === undefined && api.postMessage({ type: "conversation/clear" })],
        [ui.newChatButton, "click", () => api.postMessage({ type: "conversation/new" })],
        [ui.historyButton, "click", () => {
            ui.historyList.hidden = !ui.historyList.hidden;
            ui.historyButton.setAttribute("aria-expanded", String(!ui.historyList.hidden));
        }],
        [ui.historySearch, "input", () => refreshControls()],
        [ui.historyList, "click", (event) => {
            const target = (event.target as Element | null)?.closest?.("button");
            const id = target?.getAttribute("data-conversation-id");
            if (!target || !id) return;
            const action = target.getAttribute("data-history-action");
            if (action === "delete") api.postMessage({ type: "conversation/delete", id });
            else if (action === "rename") api.postMessage({ type: "conversation/rename", id });
            else {
                api.postMessage({ type: "conversation/open", id });
                ui.historyList.hidden = true;
                ui.historyButton.setAttribute("aria-expanded", "false");
            }
        }],
        [ui.modeSelect, "change", () => {
            const mode = ui.modeSelect.value as RelayMode;
            if (RELAY_MODES.includes(mode)) api.postMessage({ type: "settings/setMode", mode });
        }],
        [document.body, "click", (event) => handleChatClick(event, clicks)],
    ];
    for (const [target, type, listener] of listeners) target.addEventListener(type, listener);

    const saved = api.getState();
    ui.promptInput.value = saved?.draft ?? "";
    if (saved?.attachment) showAttachment(parseAttachment(saved.attachment));
    refreshControls();
    api.postMessage({ type: "webview/ready" });

    return {
        handle,
        dispose() {
            for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
            tooltip.dispose();
        },
    };
}

/** Shows "Copied" on a copy button for a moment. */
function confirmCopy(window: Window, button: HTMLButtonElement | null): void {
    if (!button) return;
    const label = button.textContent;
    button.textContent = "Copied";
    window.setTimeout(() => (button.textContent = label), 1500);
}
