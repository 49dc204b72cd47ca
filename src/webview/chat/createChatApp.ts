import { parseHostMessage, type ChatSettings, type HostToWebview } from "../../protocol/messages";
import { RELAY_MODES, type RelayMode } from "../../relay/options";
import { codeForAction, createRenderer } from "../render";
import type { WebviewApi } from "../shared/webviewApi";
import { createChatLayout } from "./createChatLayout";
import { createFrameScheduler } from "./createFrameScheduler";
import { readResult, readSettings, readTurn } from "./readHostData";
import { TurnState } from "./TurnState";
import { TurnView } from "./TurnView";

/** What the chat view keeps across webview reloads (the host keeps the conversation). */
export interface ChatViewState {
    draft?: string;
}

export interface ChatApp {
    /** Applies one host message; what the window's message listener calls after validation. */
    handle(message: HostToWebview): void;
    dispose(): void;
}

// Within this distance of the bottom the conversation follows a streaming answer.
const FOLLOW_SLACK_PX = 40;

/**
 * Starts the chat view in `window`: builds the layout into its body, listens for host messages (each
 * validated with `parseHostMessage`; anything malformed is ignored), and posts `webview/ready`.
 */
export function createChatApp(window: Window, api: WebviewApi<ChatViewState>): ChatApp {
    const document = window.document;
    const renderer = createRenderer(window);
    const ui = createChatLayout(document, document.body);
    const views = new Map<string, TurnView>();
    const dirty = new Set<TurnView>();
    let solvingId: string | undefined;
    let settings: ChatSettings | undefined;

    const following = (): boolean => ui.turns.scrollHeight - ui.turns.scrollTop - ui.turns.clientHeight <= FOLLOW_SLACK_PX;
    const scheduler = createFrameScheduler(window, () => {
        const follow = following();
        for (const view of dirty) view.update();
        dirty.clear();
        if (follow) ui.turns.scrollTop = ui.turns.scrollHeight;
    });
    const changed = (view: TurnView): void => {
        dirty.add(view);
        scheduler.schedule();
    };

    const refreshControls = (): void => {
        const solving = solvingId !== undefined;
        ui.sendButton.hidden = solving;
        ui.stopButton.hidden = !solving;
        ui.clearButton.disabled = solving;
        ui.emptyHint.hidden = views.size > 0;
        if (settings) {
            ui.modeSelect.value = settings.mode;
            ui.teacherFreeToggle.checked = settings.teacherFree;
            ui.notice.hidden = settings.teacherConfigured;
        }
    };

    const addTurn = (state: TurnState): void => {
        views.get(state.id)?.root.remove();
        const view = new TurnView(document, renderer, state);
        views.set(state.id, view);
        ui.turns.append(view.root);
    };

    const clearTurns = (): void => {
        for (const view of views.values()) view.root.remove();
        views.clear();
        dirty.clear();
    };

    const handle = (message: HostToWebview): void => {
        switch (message.type) {
            case "state/init": {
                clearTurns();
                solvingId = typeof message.solvingTurnId === "string" ? message.solvingTurnId : undefined;
                for (const value of message.turns) {
                    const turn = readTurn(value);
                    if (turn) addTurn(TurnState.from(turn, turn.id === solvingId));
                }
                settings = readSettings(message.settings) ?? settings;
                ui.turns.scrollTop = ui.turns.scrollHeight;
                break;
            }
            case "solve/started": {
                const turn = readTurn(message.turn);
                if (!turn) return;
                solvingId = turn.id;
                addTurn(new TurnState(turn.id, turn.prompt, turn.startedAt));
                ui.turns.scrollTop = ui.turns.scrollHeight;
                break;
            }
            case "relay/event": {
                const view = views.get(message.turnId);
                if (view?.state.apply(message.event)) changed(view);
                return;
            }
            case "solve/finished": {
                const view = views.get(message.turnId);
                const result = readResult(message.result);
                if (!view || !result) return;
                view.state.finish(result);
                changed(view);
                if (solvingId === message.turnId) solvingId = undefined;
                break;
            }
            case "solve/failed": {
                const view = views.get(message.turnId);
                if (view) {
                    view.state.fail(message.message);
                    changed(view);
                } else {
                    ui.errorBanner.textContent = message.message;
                    ui.errorBanner.hidden = false;
                }
                if (solvingId === message.turnId) solvingId = undefined;
                break;
            }
            case "settings/changed":
                settings = readSettings(message.settings) ?? settings;
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
        if (prompt.trim() === "" || solvingId !== undefined) return;
        api.postMessage({ type: "solve/submit", prompt });
        ui.errorBanner.hidden = true;
        ui.promptInput.value = "";
        api.setState({ draft: "" });
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
        [ui.promptInput, "input", () => api.setState({ draft: ui.promptInput.value })],
        [ui.stopButton, "click", () => api.postMessage({ type: "solve/cancel" })],
        [ui.clearButton, "click", () => {
            if (solvingId !== undefined) return;
            api.postMessage({ type: "conversation/clear" });
            clearTurns();
            refreshControls();
        }],
        [ui.configureButton, "click", () => api.postMessage({ type: "teacher/configure" })],
        [ui.teacherFreeToggle, "change", () => api.postMessage({ type: "settings/setTeacherFree", value: ui.teacherFreeToggle.checked })],
        [ui.modeSelect, "change", () => {
            const mode = ui.modeSelect.value as RelayMode;
            if (RELAY_MODES.includes(mode)) api.postMessage({ type: "settings/setMode", mode });
        }],
        [ui.turns, "click", (event) => {
            const target = event.target as Element | null;
            if (!target || typeof target.closest !== "function") return;
            const code = codeForAction(target);
            if (code) {
                api.postMessage({ type: code.action === "copy" ? "code/copy" : "code/insert", code: code.code });
                if (code.action === "copy") confirmCopy(window, target.closest("button"));
                return;
            }
            // Links without a web target were made inert by the sanitizer; make sure they do nothing.
            const link = target.closest("a");
            if (link && !link.hasAttribute("href")) event.preventDefault();
        }],
    ];
    for (const [target, type, listener] of listeners) target.addEventListener(type, listener);

    ui.promptInput.value = api.getState()?.draft ?? "";
    refreshControls();
    api.postMessage({ type: "webview/ready" });

    return {
        handle,
        dispose() {
            for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
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
