import type * as vscode from "vscode";
import { randomUUID } from "node:crypto";
import { MAX_SEARCH_TEXT, type ChatTurn, type ConversationSummary } from "../protocol/messages";
import { readTurn } from "../protocol/readChatTurn";

/** One conversation of the chat panel. */
export interface StoredConversation {
    id: string;
    title: string;
    /** Epoch milliseconds. */
    createdAt: number;
    updatedAt: number;
    turns: ChatTurn[];
}

const STATE_KEY = "relay.conversations";
/** The single conversation kept before there were several; read once and moved over. */
const LEGACY_KEY = "relay.conversation";
/** Beyond these, the oldest conversations and turns are dropped from workspace state. */
export const MAX_CONVERSATIONS = 30;
export const MAX_STORED_TURNS = 50;
/** Stored templated prompts are cut to their last this many characters (they repeat the whole history). */
const MAX_STORED_PROMPT = 20_000;
const UNTITLED = "New chat";
/** The longest title a person may give a conversation. */
const MAX_TITLE = 80;

/** A title from the first question: its first line of prose, shortened; the attached file's name when there is none. */
export function conversationTitle(question: string, fileName?: string): string {
    const line = question.split("\n").map((text) => text.trim()).find((text) => text !== "" && !text.startsWith("```"));
    const title = line ?? (fileName ? `About ${fileName}` : UNTITLED);
    return title.length > 60 ? `${title.slice(0, 57).trimEnd()}…` : title;
}

/** Conversations read back from workspace state: each one and each turn checked; anything malformed is dropped. */
export function readStoredConversations(value: unknown): StoredConversation[] {
    if (!Array.isArray(value)) return [];
    return value.flatMap((entry): StoredConversation[] => {
        if (typeof entry !== "object" || entry === null || typeof entry.id !== "string" || !Array.isArray(entry.turns)) return [];
        const turns = (entry.turns as unknown[]).flatMap((turn) => readTurn(turn) ?? []);
        const number = (field: unknown) => (typeof field === "number" && Number.isFinite(field) ? field : 0);
        return [{ id: entry.id, title: typeof entry.title === "string" && entry.title.trim() ? entry.title : UNTITLED, createdAt: number(entry.createdAt), updatedAt: number(entry.updatedAt), turns }];
    });
}

/**
 * The workspace's conversations, kept in workspace state (validated on read, bounded on write). The
 * newest conversation comes first; the one shown is remembered across reloads.
 */
export class ConversationStore {
    private conversations: StoredConversation[];
    private activeId: string;

    constructor(private readonly state: vscode.Memento) {
        this.conversations = readStoredConversations(state.get<unknown>(STATE_KEY));
        const legacy = state.get<unknown>(LEGACY_KEY);
        if (this.conversations.length === 0 && Array.isArray(legacy) && legacy.length > 0) {
            const turns = legacy.flatMap((turn) => readTurn(turn) ?? []);
            if (turns.length > 0) this.conversations.push({ id: randomUUID(), title: conversationTitle(turns[0]!.prompt), createdAt: turns[0]!.startedAt, updatedAt: turns.at(-1)!.startedAt, turns });
        }
        const remembered = state.get<unknown>(`${STATE_KEY}.active`);
        this.activeId = this.conversations.find((conversation) => conversation.id === remembered)?.id ?? this.conversations[0]?.id ?? this.create().id;
    }

    get active(): StoredConversation {
        const shown = this.get(this.activeId);
        if (shown) return shown;
        const created = this.create();
        this.activeId = created.id;
        return created;
    }

    /** The conversation holding the turn `turnId` (a panel solve's id), if it is still kept. */
    conversationOfTurn(turnId: string): StoredConversation | undefined {
        return this.conversations.find((conversation) => conversation.turns.some((turn) => turn.id === turnId));
    }

    get(id: string): StoredConversation | undefined {
        return this.conversations.find((conversation) => conversation.id === id);
    }

    /** Newest first; a conversation without a question is no history ("New chat · 0 questions" entries). */
    summaries(): ConversationSummary[] {
        return this.conversations
            .filter((conversation) => conversation.turns.length > 0)
            .map((conversation) => ({
                id: conversation.id,
                title: conversation.title,
                updatedAt: conversation.updatedAt,
                turns: conversation.turns.length,
                questions: conversation.turns.map((turn) => turn.prompt).join("\n").slice(0, MAX_SEARCH_TEXT),
            }));
    }

    /** Gives a conversation the title a person chose (trimmed, one line, at most 80 characters); false when there is no such conversation or the title is empty. */
    rename(id: string, title: string): boolean {
        const conversation = this.get(id);
        const clean = title.replace(/\s+/g, " ").trim().slice(0, MAX_TITLE);
        if (!conversation || !clean) return false;
        conversation.title = clean;
        return true;
    }

    /** Shows a fresh conversation; an empty one already shown is reused. */
    startNew(): StoredConversation {
        if (this.active.turns.length === 0) return this.active;
        const created = this.create();
        this.activeId = created.id;
        return created;
    }

    /** `title`, or `title (2)`, `(3)`, … when another conversation already has it: the history tells them apart. */
    distinctTitle(title: string, forConversation: string): string {
        const taken = new Set(this.conversations.filter((conversation) => conversation.id !== forConversation && conversation.turns.length > 0).map((conversation) => conversation.title));
        if (!taken.has(title)) return title;
        for (let number = 2; ; number++) if (!taken.has(`${title} (${number})`)) return `${title} (${number})`;
    }

    open(id: string): boolean {
        if (!this.get(id)) return false;
        this.activeId = id;
        return true;
    }

    /** Removes a conversation; when it was shown, the newest other one (or a fresh one) is shown instead. */
    delete(id: string): void {
        this.conversations = this.conversations.filter((conversation) => conversation.id !== id);
        if (this.activeId === id) this.activeId = this.conversations[0]?.id ?? this.create().id;
    }

    /** Moves a conversation that just got a question to the top. */
    touch(conversation: StoredConversation, at: number): void {
        conversation.updatedAt = at;
        this.conversations = [conversation, ...this.conversations.filter((other) => other !== conversation)];
    }

    save(): Thenable<void> {
        this.conversations = this.conversations.slice(0, MAX_CONVERSATIONS);
        for (const conversation of this.conversations) conversation.turns = conversation.turns.slice(-MAX_STORED_TURNS);
        const stored = this.conversations
            .filter((conversation) => conversation.turns.length > 0)
            .map((conversation) => ({ ...conversation, turns: conversation.turns.map(forStorage) }));
        return Promise.all([this.state.update(STATE_KEY, stored), this.state.update(`${STATE_KEY}.active`, this.activeId), this.state.update(LEGACY_KEY, undefined)]).then(() => undefined);
    }

    private create(): StoredConversation {
        const now = Date.now();
        const created: StoredConversation = { id: randomUUID(), title: UNTITLED, createdAt: now, updatedAt: now, turns: [] };
        this.conversations.unshift(created);
        return created;
    }
}

function forStorage(turn: ChatTurn): ChatTurn {
    const prompt = turn.result?.templatedPrompt;
    if (!turn.result || prompt === undefined || prompt.length <= MAX_STORED_PROMPT) return turn;
    return { ...turn, result: { ...turn.result, templatedPrompt: `…${prompt.slice(-MAX_STORED_PROMPT)}` } };
}
