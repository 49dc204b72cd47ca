import type { UsageRecord, UsageSummary } from "../../protocol/messages";
import { finiteOrZero, isRecord } from "../shared/readJson";

// `parseHostMessage` checks that records is an array and summary an object; these check what the panel
// reads from them: every number finite (missing ones read as 0), so a bad record cannot break the chart.

const RECORD_NUMBERS = ["studentTokens", "teacherTokens", "teacherOutputTokens", "teacherPromptTokens", "teacherCachedPromptTokens", "calls", "callRatio", "costUSD", "teacherOnlyCostUSD"] as const;
const SUMMARY_NUMBERS = ["solves", ...RECORD_NUMBERS, "budgetUSD"] as const;

/** The records that are objects with a finite time, their numbers checked. */
export function readUsageRecords(values: readonly unknown[]): UsageRecord[] {
    const records: UsageRecord[] = [];
    for (const value of values) {
        if (!isRecord(value) || typeof value.at !== "number" || !Number.isFinite(value.at)) continue;
        const record = { at: value.at, mode: String(value.mode ?? ""), stopReason: String(value.stopReason ?? "") } as UsageRecord;
        for (const key of RECORD_NUMBERS) record[key] = finiteOrZero(value[key]);
        records.push(record);
    }
    return records;
}

/** The summary with every number checked. */
export function readUsageSummary(value: Record<string, unknown>): UsageSummary {
    const summary = {} as UsageSummary;
    for (const key of SUMMARY_NUMBERS) summary[key] = finiteOrZero(value[key]);
    return summary;
}
