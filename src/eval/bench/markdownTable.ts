import { formatPercent, formatSeconds, type BenchReport } from "./benchReport";

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
            `teacher ${report.teacher === undefined ? "none" : markdownText(report.teacher)} · ${report.generatedAt}`,
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
        lines.push("", "The random router reuses the student-only and teacher-only solve of each problem it routes.");
    }
    if (!report.relayTrained && report.methods.some((method) => method.mode === "relay")) {
        lines.push("", "The student is not marked relay-trained: in relay mode it calls the teacher only when it writes `<call>n</call>` by itself.");
    }
    if (report.methods.some((method) => method.finished < method.planned)) {
        lines.push("", "**Incomplete run**: the rows cover the finished solves only; rerun the same command to finish it.");
    }
    return lines.join("\n") + "\n";
}
