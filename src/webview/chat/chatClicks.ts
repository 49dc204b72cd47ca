import type { PanelAction, WebviewToHost } from "../../protocol/messages";
import { PANEL_ACTIONS } from "../../protocol/panelActions";
import { codeForAction } from "../render";
import type { TurnState } from "./TurnState";

const KNOWN_ACTIONS = new Set<string>(PANEL_ACTIONS);

/** What a click in the chat needs to know and do. */
export interface ClickContext {
    post(message: WebviewToHost): void;
    solving(): boolean;
    turn(id: string): TurnState | undefined;
    /** Shows "Copied" on the button for a moment. */
    confirmCopy(button: Element | null): void;
}

/**
 * Every click inside the chat's body, delegated: a failure note's action, a turn's Copy / Regenerate, a call
 * badge (what that call sent), a code block's Copy / Insert, and links the sanitizer made inert.
 */
export function handleChatClick(event: Event, context: ClickContext): void {
    const target = event.target as Element | null;
    if (!target || typeof target.closest !== "function") return;
    const button = target.closest("button[data-action]");
    const action = button?.getAttribute("data-action");
    if (button && action && KNOWN_ACTIONS.has(action)) {
        const turnId = button.getAttribute("data-turn-id");
        if (action === "retryWithTeacher") {
            if (turnId && !context.solving()) context.post({ type: "turn/retryWithTeacher", turnId });
        } else context.post({ type: "action/run", action: action as PanelAction });
        return;
    }
    const turnButton = target.closest("button[data-turn-action]");
    const turnId = turnButton?.getAttribute("data-turn-id");
    const acted = turnId ? context.turn(turnId) : undefined;
    if (turnButton && acted) {
        const turnAction = turnButton.getAttribute("data-turn-action");
        if (turnAction === "copy" && acted.result) {
            context.post({ type: "code/copy", code: acted.result.text });
            context.confirmCopy(turnButton);
        } else if (turnAction === "regenerate" && !context.solving()) context.post({ type: "turn/regenerate", turnId: acted.id });
        return;
    }
    // A call's badge opens what that call sent and received (the host keeps it for this window).
    const badge = target.closest(".relay-call[data-call]");
    const badgeTurn = badge?.closest("[data-turn-id]")?.getAttribute("data-turn-id");
    if (badge && badgeTurn) {
        const call = Number(badge.getAttribute("data-call"));
        if (Number.isInteger(call) && call >= 0) context.post({ type: "call/showSent", turnId: badgeTurn, call });
        return;
    }
    const code = codeForAction(target);
    if (code) {
        context.post({ type: code.action === "copy" ? "code/copy" : "code/insert", code: code.code });
        if (code.action === "copy") context.confirmCopy(target.closest("button"));
        return;
    }
    // Links without a web target were made inert by the sanitizer; make sure they do nothing.
    const link = target.closest("a");
    if (link && !link.hasAttribute("href")) event.preventDefault();
}
