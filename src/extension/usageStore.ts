import * as vscode from "vscode";
import { existsSync } from "node:fs";
import { UsageTotals, type SolveResult, type UsageSummary } from "../relay";
import type { UsageRecord } from "../protocol/messages";
import { appendJsonLine, readJsonLines } from "../util/jsonLines";

/**
 * The workspace's usage history: one JSON line per finished solve, flushed to disk as it is appended, so
 * the meter survives reloads and crashes. Totals come from the engine's UsageTotals.
 */
export class UsageStore implements vscode.Disposable {
    private readonly totals = new UsageTotals();
    private readonly records: UsageRecord[] = [];
    private readonly changedEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changedEmitter.event;

    constructor(private readonly file: string, private readonly budgetUSD: () => number) {
        if (!existsSync(file)) return;
        // A line torn by a crash mid-write is dropped; everything before it is kept.
        for (const record of readJsonLines<UsageRecord>(file, { tolerateTornTail: true })) this.remember(record);
    }

    append(result: SolveResult): void {
        const record: UsageRecord = { at: Date.now(), mode: result.mode, stopReason: result.stopReason, ...result.usage };
        appendJsonLine(this.file, record);
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
