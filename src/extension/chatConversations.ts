import * as vscode from "vscode";
import { randomUUID } from "node:crypto";
import { isAbortError, type RelayEvent } from "../relay";
import type { Attachment, ChatState, ChatTurn, HostToWebview } from "../protocol/messages";
import { errorMessage } from "../util/errorMessage";
import { answerCutAt } from "./answerCut";
import { buildConversation, questionWithAttachments } from "./conversationBuilder";
import { conversationMarkdown } from "./conversationMarkdown";
import { ConversationStore, conversationTitle, type StoredConversation } from "./conversationStore";
import { presentError } from "./errorPresenter";
import { actionFor } from "./errorActions";
import { applyTurnEvent, applyTurnResult, NO_FACTS, type TurnFacts } from "../protocol/turnFacts";
import type { RelayRunner } from "./relayRunner";
import { SolveBusyError } from "./solveBusyError";

/**
 * The chat panel's conversations in this workspace: the one shown, the history list, and the solves run
 * for them. Each question goes to the engine with the whole conversation before it. Views subscribe to
 * `onMessage` for streaming and to `onDidChangeState` when another conversation is shown.
 */
export class ChatConversations implements vscode.Disposable {
    private readonly store: ConversationStore;
    /** The turn being answered; `stoppedAt`: the answer's length when the panel's Stop was pressed. */
    private solving?: { conversation: StoredConversation; turn: ChatTurn; stoppedAt?: number };
    private readonly messageEmitter = new vscode.EventEmitter<HostToWebview>();
    private readonly stateEmitter = new vscode.EventEmitter<void>();
    readonly onMessage = this.messageEmitter.event;
    /** The shown conversation changed (new, opened, deleted, cleared): views re-render it whole. */
    readonly onDidChangeState = this.stateEmitter.event;

    constructor(state: vscode.Memento, private readonly runner: RelayRunner) {
        this.store = new ConversationStore(state);
    }

    snapshot(): Omit<ChatState, "settings"> {
        const active = this.store.active;
        const solvingTurnId = this.solving?.conversation === active ? this.solving.turn.id : undefined;
        return { conversationId: active.id, turns: active.turns.map((turn) => ({ ...turn })), conversations: this.store.summaries(), solvingTurnId };
    }

    /** Asks `question` (with an optional attached selection) in the conversation shown. */
    async ask(question: string, attachment?: Attachment): Promise<void> {
        const prompt = attachment ? questionWithAttachments(question, [{ label: attachment.fileName, languageId: attachment.languageId, text: attachment.text, diagnostics: attachment.diagnostics }]) : question;
        const conversation = this.store.active;
        if (conversation.turns.length === 0) conversation.title = this.store.distinctTitle(conversationTitle(question, attachment?.fileName), conversation.id);
        await this.run(conversation, conversation.turns.length, prompt, false);
    }

    /**
     * Asks a turn's question again with the teacher allowed (even in teacher-free mode): the last turn is
     * replaced, an earlier one gets a new turn at the end with the whole conversation before it.
     */
    async retryWithTeacher(turnId: string): Promise<void> {
        await this.askAgain(turnId, true);
    }

    /** Asks a turn's question again (Regenerate; with the teacher allowed for Retry with teacher), replacing it when it is the last. */
    async askAgain(turnId: string, withTeacher: boolean): Promise<void> {
        const conversation = this.store.active;
        const index = conversation.turns.findIndex((turn) => turn.id === turnId);
        if (index < 0) return;
        const last = index === conversation.turns.length - 1;
        const prompt = conversation.turns[index]!.prompt;
        if (last && !this.runner.isRunning) {
            conversation.turns.splice(index, 1);
            this.stateEmitter.fire();
        }
        await this.run(conversation, conversation.turns.length, prompt, withTeacher);
    }

    /** The conversation shown, as Markdown (undefined while it has no question). */
    activeMarkdown(): { title: string; markdown: string } | undefined {
        const active = this.store.active;
        return active.turns.length === 0 ? undefined : { title: active.title, markdown: conversationMarkdown(active.title, active.turns) };
    }

    startNew(): void {
        this.store.startNew();
        void this.store.save();
        this.stateEmitter.fire();
    }

    open(id: string): void {
        if (!this.store.open(id)) return;
        void this.store.save();
        this.stateEmitter.fire();
    }

    /** The panel's Stop: the answer being written ends at `shownChars` characters, what the panel showed at the click. */
    stopAt(shownChars: number): void {
        if (this.solving) this.solving.stoppedAt = shownChars;
    }

    /** Shows the conversation that asked the solve `turnId`; false when none kept holds it (asked elsewhere, or deleted). */
    openTurn(turnId: string): boolean {
        const conversation = this.store.conversationOfTurn(turnId);
        if (!conversation) return false;
        this.open(conversation.id);
        return true;
    }

    /** True when `id` is being answered now (it cannot be deleted or cleared then). */
    isSolving(id: string): boolean {
        return this.solving?.conversation.id === id;
    }

    title(id: string): string | undefined {
        return this.store.get(id)?.title;
    }

    activeId(): string {
        return this.store.active.id;
    }

    /** How many questions the conversation shown holds. */
    activeTurnCount(): number {
        return this.store.active.turns.length;
    }

    /** Renames a conversation; false when it no longer exists or the title is empty. */
    async rename(id: string, title: string): Promise<boolean> {
        if (!this.store.rename(id, title)) return false;
        await this.store.save();
        this.stateEmitter.fire();
        return true;
    }

    async delete(id: string): Promise<void> {
        if (this.isSolving(id)) return;
        this.store.delete(id);
        await this.store.save();
        this.stateEmitter.fire();
    }

    /** Empties the conversation shown. */
    async clear(): Promise<void> {
        const active = this.store.active;
        if (this.isSolving(active.id)) return;
        active.turns = [];
        active.title = conversationTitle("");
        await this.store.save();
        this.stateEmitter.fire();
    }

    dispose(): void {
        this.messageEmitter.dispose();
        this.stateEmitter.dispose();
    }

    private async run(conversation: StoredConversation, position: number, prompt: string, withTeacher: boolean): Promise<void> {
        if (this.runner.isRunning) {
            presentError(new SolveBusyError());
            return;
        }
        const messages = buildConversation(conversation.turns.slice(0, position).map((earlier) => ({ question: earlier.prompt, answer: earlier.result?.text })), prompt);
        const turn: ChatTurn = { id: randomUUID(), prompt, startedAt: Date.now() };
        conversation.turns.push(turn);
        this.store.touch(conversation, turn.startedAt);
        this.solving = { conversation, turn };
        this.messageEmitter.fire({ type: "solve/started", turn: { ...turn } });
        this.messageEmitter.fire({ type: "conversations/changed", conversations: this.store.summaries() });
        let facts = NO_FACTS;
        const onEvent = (event: RelayEvent) => {
            const next = applyTurnEvent(facts, event);
            if (next !== facts) storeFacts(turn, (facts = next));
            // The result crosses once, in solve/finished (which also ends the turn), not again as the `done` event.
            if (event.type !== "done") this.messageEmitter.fire({ type: "relay/event", turnId: turn.id, event });
        };
        try {
            const whole = await this.runner.run(messages, onEvent, undefined, { withTeacher, solveId: turn.id, showsNoTeacher: true });
            const stoppedAt = this.solving?.stoppedAt;
            const result = whole.stopReason === "aborted" && stoppedAt !== undefined ? answerCutAt(whole, stoppedAt) : whole;
            storeFacts(turn, applyTurnResult(facts, result));
            turn.result = result;
            this.messageEmitter.fire({ type: "solve/finished", turnId: turn.id, result });
        } catch (error) {
            turn.error = isAbortError(error) ? "Cancelled." : errorMessage(error);
            turn.errorAction = actionFor(error);
            this.messageEmitter.fire({ type: "solve/failed", turnId: turn.id, message: turn.error, action: turn.errorAction });
            // The panel shows known failures with their action; anything else also goes to VS Code's own error UI.
            if (!turn.errorAction && !isAbortError(error)) presentError(error);
        } finally {
            this.solving = undefined;
            await this.store.save();
        }
    }
}

/** A turn's facts as stored with it (what none was is left out). */
function storeFacts(turn: ChatTurn, facts: TurnFacts): void {
    const denied = Object.keys(facts.denied).length > 0 ? facts.denied : undefined;
    Object.assign(turn, { denied, droppedMessages: facts.droppedMessages > 0 ? facts.droppedMessages : undefined, maxTokens: facts.maxTokens });
    for (const key of ["denied", "droppedMessages", "maxTokens"] as const) if (turn[key] === undefined) delete turn[key];
}
