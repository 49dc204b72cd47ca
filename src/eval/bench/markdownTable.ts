import { formatPercent } from "../../format/usageFormat";
import { formatSeconds, type BenchReport } from "./benchReport";
import { formatShard } from "./benchShard";
import type { MethodSummary } from "./summarize";

/** Text safe inside a Markdown table cell or line: Markdown punctuation escaped, HTML characters as entities. */
export function markdownText(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/[\\`*_[\]|#]/g, (char) => `\\${char}`)
        .replace(/\s*\n\s*/g, " ");
}

const COLUMNS = ["Method", "Accuracy", "Call ratio", "Teacher output tokens", "Teacher prompt tokens", "Cost (USD)", "Mean latency (s)", "p95 latency (s)", "Teacher errors", "Solves"];
const ALIGN = ["---", ...COLUMNS.slice(1).map(() => "---:")];

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;

const MATCHED_COLUMNS = ["Method", "Accuracy", "Call ratio", "Matched router's teacher share", "Cost reduction", "Note"];

/**
 * The paper's performance-matched random router for each relay-like row: the teacher share a random router
 * needs for the same accuracy and the cost reduction, with the formula; empty when no row has one.
 */
export function matchedRouterSection(methods: readonly MethodSummary[]): string[] {
    const relayLike = methods.filter((method) => method.matchedRouter !== undefined);
    if (relayLike.length === 0) return [];
    const student = methods.find((method) => method.mode === "student-only");
    const teacher = methods.find((method) => method.mode === "teacher-only");
    return [
        "",
        "## Performance-matched random router",
        "",
        row(MATCHED_COLUMNS),
        row(["---", ...MATCHED_COLUMNS.slice(1, -1).map(() => "---:"), "---"]),
        ...relayLike.map((method) =>
            row([
                markdownText(method.label),
                formatPercent(method.accuracy),
                formatPercent(method.finished === 0 ? null : method.callRatio, 2),
                formatPercent(method.matchedRouter!.teacherShare),
                formatPercent(method.matchedRouter!.costReduction),
                method.matchedRouter!.reason ? markdownText(method.matchedRouter!.reason.message) : "",
            ]),
        ),
        "",
        `Teacher share p = (accuracy − student-only accuracy) / (teacher-only accuracy − student-only accuracy), with student-only at ` +
            `${formatPercent(student?.accuracy ?? null)} and teacher-only at ${formatPercent(teacher?.accuracy ?? null)}: the share of problems a random router ` +
            "must send wholly to the teacher to reach the method's accuracy, by linear interpolation between the two (the paper's matched router). " +
            "Cost reduction = 1 − call ratio / p, taking the router's call ratio to be p as the paper does; negative when the method uses the teacher more. " +
            "No number where the method is not between the two baselines.",
    ];
}

/**
 * The paper's table for one data set: one row per method; accuracy (avg@K), call ratio, teacher tokens,
 * cost, latency. Rows cover the finished solves (the Solves column says how many of the planned).
 */
export function markdownTable(report: BenchReport): string {
    const accuracyHeader = report.repeats > 1 ? `Accuracy (avg@${report.repeats})` : "Accuracy";
    const lines = [
        `# Benchmark: ${markdownText(report.dataset)}`,
        "",
        `${report.problems} problems × ${report.repeats} ${report.repeats === 1 ? "repeat" : "repeats"} · student ${markdownText(report.student)} · ` +
            `teacher ${report.teacher === undefined ? "none" : markdownText(report.teacher)} · ` +
            `${report.shard === undefined ? "" : `shard ${formatShard(report.shard)} of the run (\`relayllm bench merge\` combines the shards) · `}${report.generatedAt}`,
        "",
        row(COLUMNS.map((column) => (column === "Accuracy" ? accuracyHeader : column))),
        row(ALIGN),
        ...report.methods.map((method) =>
            row([
                markdownText(method.label),
                formatPercent(method.accuracy),
                formatPercent(method.finished === 0 ? null : method.callRatio, 2),
                String(method.teacherOutputTokens),
                String(method.teacherPromptTokens),
                method.costUSD.toFixed(4),
                formatSeconds(method.meanLatencyMs),
                formatSeconds(method.p95LatencyMs),
                String(method.teacherErrorSolves),
                `${method.finished}/${method.planned}`,
            ]),
        ),
        "",
        "Call ratio: teacher tokens / all generated tokens, both counted with the student's tokenizer and summed over the solves. " +
            "Teacher tokens are totals over the solves; teacher output tokens are the server's count. " +
            "Teacher errors: solves in which a teacher request failed (the student went on alone; in teacher-only mode the answer is empty and judged wrong).",
    ];
    if (report.methods.some((method) => method.mode === "router")) {
        const sweep = report.methods.filter((method) => method.mode === "router").length > 1;
        lines.push(
            "",
            "The random router reuses the student-only and teacher-only solve of each problem it routes." +
                (sweep ? " Its rows share one ranking of the problems per repeat, seeded by the run's seed: a larger fraction sends the problems a smaller one sends, and more." : ""),
        );
    }
    if (!report.relayTrained && report.methods.some((method) => method.mode === "relay")) {
        lines.push("", "The student is not marked relay-trained: in relay mode it calls the teacher only when it writes `<call>n</call>` by itself.");
    }
    if (report.methods.some((method) => method.finished < method.planned)) {
        lines.push("", "**Incomplete run**: the rows cover the finished solves only; rerun the same command to finish it.");
    }
    lines.push(...matchedRouterSection(report.methods));
    return lines.join("\n") + "\n";
}
