import * as vscode from "vscode";
import { UsageTotals, type SolveResult, type UsageSummary } from "../relay";
import type { UsageRecord } from "../protocol/messages";
import { UsageHistoryFile } from "./usageHistoryFile";

/**
 * The workspace's usage history: one JSON line per finished solve, flushed to disk as it is appended, so
 * the meter survives reloads and crashes. A torn or corrupt history never stops activation (see
 * UsageHistoryFile). Totals come from the engine's UsageTotals.
 */
export class UsageStore implements vscode.Disposable {
    private readonly totals = new UsageTotals();
    private readonly records: UsageRecord[] = [];
    private readonly changedEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changedEmitter.event;

    private readonly file: UsageHistoryFile;

    /**
     * @param path the JSONL history file
     * @param budgetUSD reads the current money budget
     * @param warn receives problems found in the file. Default: `console.warn` (the extension host log).
     */
    constructor(path: string, private readonly budgetUSD: () => number, warn: (message: string) => void = (message) => console.warn(`Relay: ${message}`)) {
        this.file = new UsageHistoryFile(path, warn);
        for (const record of this.file.open()) this.remember(record);
    }

    /** `sentChars`: characters of request bodies that left the machine in this solve; `solveId` links the row to its conversation. */
    append(result: SolveResult, sentChars = 0, solveId?: string): void {
        const record: UsageRecord = { at: Date.now(), mode: result.mode, stopReason: result.stopReason, sentChars, ...(solveId ? { solveId } : {}), ...result.usage };
        this.file.append(record);
        this.remember(record);
        this.changedEmitter.fire();
    }

    summary(): UsageSummary {
        return this.totals.snapshot(this.budgetUSD());
    }

    /** Oldest first. */
    history(): UsageRecord[] {
        return [...this.records];
    }

    /** Budget settings changed: listeners re-render with the new budget. */
    refresh(): void {
        this.changedEmitter.fire();
    }

    dispose(): void {
        this.changedEmitter.dispose();
    }

    private remember(record: UsageRecord): void {
        this.records.push(record);
        this.totals.add(record);
    }
}
