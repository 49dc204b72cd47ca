import * as vscode from "vscode";
import { randomUUID } from "node:crypto";
import type { RelayEvent } from "../relay";
import type { ChatTurn, HostToWebview } from "../protocol/messages";
import { SolveBusyError, type RelayRunner } from "./relayRunner";
import { presentError } from "./errorPresenter";
import { errorMessage } from "../util/errorMessage";

const STATE_KEY = "relay.conversation";
/** Older turns are dropped from the stored conversation beyond this many. */
const MAX_STORED_TURNS = 50;

/**
 * The chat conversation of this workspace, kept in workspace state across reloads. Every question (from
 * the panel or from “Relay: Solve”) becomes a turn; views subscribe to its messages.
 */
export class Conversation implements vscode.Disposable {
    private turns: ChatTurn[];
    private solvingTurnId?: string;
    private readonly messageEmitter = new vscode.EventEmitter<HostToWebview>();
    readonly onMessage = this.messageEmitter.event;

    constructor(private readonly state: vscode.Memento, private readonly runner: RelayRunner) {
        this.turns = state.get<ChatTurn[]>(STATE_KEY, []);
    }

    snapshot(): { turns: ChatTurn[]; solvingTurnId?: string } {
        return { turns: [...this.turns], solvingTurnId: this.solvingTurnId };
    }

    async ask(prompt: string): Promise<void> {
        if (this.runner.isRunning) {
            presentError(new SolveBusyError());
            return;
        }
        const turn: ChatTurn = { id: randomUUID(), prompt, startedAt: Date.now() };
        this.turns.push(turn);
        this.solvingTurnId = turn.id;
        this.messageEmitter.fire({ type: "solve/started", turn: { ...turn } });
        try {
            turn.result = await this.runner.run([{ role: "user", content: prompt }], (event: RelayEvent) => this.messageEmitter.fire({ type: "relay/event", turnId: turn.id, event }));
            this.messageEmitter.fire({ type: "solve/finished", turnId: turn.id, result: turn.result });
        } catch (error) {
            turn.error = errorMessage(error);
            this.messageEmitter.fire({ type: "solve/failed", turnId: turn.id, message: turn.error });
            presentError(error);
        } finally {
            this.solvingTurnId = undefined;
            await this.save();
        }
    }

    async clear(): Promise<void> {
        this.turns = [];
        await this.save();
    }

    dispose(): void {
        this.messageEmitter.dispose();
    }

    private save(): Thenable<void> {
        this.turns = this.turns.slice(-MAX_STORED_TURNS);
        return this.state.update(STATE_KEY, this.turns);
    }
}
