import type { ConversationSummary } from "../../protocol/messages";
import { element } from "../shared/element";

const when = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** True when every word of `query` is in the conversation's title or questions (case-insensitive); an empty query matches all. */
export function matchesSearch(conversation: ConversationSummary, query: string): boolean {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const text = `${conversation.title}\n${conversation.questions ?? ""}`.toLowerCase();
    return words.every((word) => text.includes(word));
}

/**
 * Fills the history list: one row per conversation that matches `query` (newest first) with its title, when it
 * was last asked, and Rename and Delete buttons (the host asks for the title and for confirmation). The one
 * shown is marked `aria-current`; the one being answered cannot be deleted.
 */
export function renderHistory(document: Document, list: HTMLElement, conversations: readonly ConversationSummary[], shownId: string | undefined, solving: boolean, query = ""): void {
    const rows = conversations
        .filter((conversation) => matchesSearch(conversation, query))
        .map((conversation) => {
            const current = conversation.id === shownId;
            const open = element(
                document,
                "button",
                { className: "relay-history-open", testId: "history-item", attributes: { type: "button", ...(current ? { "aria-current": "true" } : {}) }, dataset: { conversationId: conversation.id } },
                element(document, "span", { className: "relay-history-title", text: conversation.title }),
                element(document, "span", { className: "relay-history-meta", text: `${conversation.turns} ${conversation.turns === 1 ? "question" : "questions"} · ${when.format(conversation.updatedAt)}` }),
            );
            const action = (name: "rename" | "delete", label: string) =>
                element(document, "button", {
                    className: `relay-secondary relay-history-${name}`,
                    testId: `history-${name}`,
                    text: label,
                    attributes: { type: "button", "aria-label": `${label} “${conversation.title}”` },
                    dataset: { conversationId: conversation.id, historyAction: name },
                });
            const rename = action("rename", "Rename");
            const remove = action("delete", "Delete");
            remove.disabled = solving && current;
            return element(document, "div", { className: "relay-history-row" }, open, rename, remove);
        });
    const empty = conversations.length === 0 ? "No conversations yet." : "No conversation matches the search.";
    list.replaceChildren(...(rows.length > 0 ? rows : [element(document, "p", { className: "relay-empty", testId: "history-empty", text: empty })]));
}
