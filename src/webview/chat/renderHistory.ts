import type { ConversationSummary } from "../../protocol/messages";
import { element } from "../shared/element";

const when = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/**
 * Fills the history list: one row per conversation (newest first) with its title, when it was last asked,
 * and a delete button (the host asks for confirmation). The one shown is marked `aria-current`; the one
 * being answered cannot be deleted.
 */
export function renderHistory(document: Document, list: HTMLElement, conversations: readonly ConversationSummary[], shownId: string | undefined, solving: boolean): void {
    const rows = conversations.map((conversation) => {
        const current = conversation.id === shownId;
        const open = element(
            document,
            "button",
            { className: "relay-history-open", testId: "history-item", attributes: { type: "button", ...(current ? { "aria-current": "true" } : {}) }, dataset: { conversationId: conversation.id } },
            element(document, "span", { className: "relay-history-title", text: conversation.title }),
            element(document, "span", { className: "relay-history-meta", text: `${conversation.turns} ${conversation.turns === 1 ? "question" : "questions"} · ${when.format(conversation.updatedAt)}` }),
        );
        const remove = element(document, "button", {
            className: "relay-secondary relay-history-delete",
            testId: "history-delete",
            text: "Delete",
            attributes: { type: "button", "aria-label": `Delete “${conversation.title}”` },
            dataset: { conversationId: conversation.id, historyAction: "delete" },
        });
        remove.disabled = solving && current;
        return element(document, "div", { className: "relay-history-row" }, open, remove);
    });
    list.replaceChildren(...(rows.length > 0 ? rows : [element(document, "p", { className: "relay-empty", text: "No conversations yet." })]));
}
