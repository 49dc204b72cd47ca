import * as v from "valibot";
import type { UsageRecord } from "../protocol/messages";
import { describedObject, schemaProblem } from "../util/schema";
import { errorMessage } from "../util/errorMessage";
import { appendJsonLine, openJsonLinesStore } from "../util/jsonLines";

/** The numeric fields every usage record must have (later fields, such as `failedCalls`, are optional). */
const requiredNumbers = ["at", "studentTokens", "teacherTokens", "teacherOutputTokens", "teacherPromptTokens", "teacherCachedPromptTokens", "calls", "callRatio", "costUSD", "teacherOnlyCostUSD"] as const;

const nonNegative = (field: string) => {
    const message = `"${field}" must be a number >= 0`;
    return v.pipe(v.number(message), v.finite(message), v.minValue(0, message));
};
/** A usage record as read back from the file: the required fields checked, each problem in the field's words; later fields are optional. */
const storedUsageRecordSchema = describedObject(
    {
        ...(Object.fromEntries(requiredNumbers.map((field) => [field, nonNegative(field)])) as Record<(typeof requiredNumbers)[number], ReturnType<typeof nonNegative>>),
        mode: v.string(`"mode" must be a string`),
        stopReason: v.string(`"stopReason" must be a string`),
    },
    "not a JSON object",
);

/** Why a line read back from the usage history is not a usage record, or undefined when it is one. */
export function usageRecordProblem(value: unknown): string | undefined {
    return schemaProblem(storedUsageRecordSchema, value);
}

/**
 * The workspace's usage history file (JSON Lines, one record per solve). Opening it never throws: a line
 * torn by a crash is repaired, a corrupt line is skipped, and an unreadable file leaves the history empty,
 * each with a warning, so the extension always activates.
 */
export class UsageHistoryFile {
    constructor(
        /** The JSONL file. */
        readonly path: string,
        /** Receives one line per problem found (the extension writes them to its log). */
        private readonly warn: (message: string) => void,
    ) {}

    /** Every readable record, oldest first; the file is left ready for appends. */
    open(): UsageRecord[] {
        try {
            const { values, repairedBytes } = openJsonLinesStore<UsageRecord>(this.path, {
                check: usageRecordProblem,
                onBadLine: (error) => this.warn(`usage history ${error.message}: line skipped`),
            });
            if (repairedBytes > 0) this.warn(`usage history ${this.path}: removed an unfinished last line (${repairedBytes} bytes) left by a crash`);
            // Records written before `failedCalls` existed count no failed calls.
            return values.map((record) => ({ ...record, failedCalls: record.failedCalls ?? 0 }));
        } catch (error) {
            this.warn(`usage history ${this.path} cannot be read (${errorMessage(error)}): starting with an empty history`);
            return [];
        }
    }

    /** Appends a record durably; returns false (after a warning) when the disk refused it. */
    append(record: UsageRecord): boolean {
        try {
            appendJsonLine(this.path, record);
            return true;
        } catch (error) {
            this.warn(`usage history ${this.path}: this solve could not be saved (${errorMessage(error)}); it is counted until the window closes`);
            return false;
        }
    }
}
