import { escapeHtml as xmlEscape } from "../../format/escapeHtml";
import { formatPercent } from "../../format/usageFormat";
import { markdownText } from "./markdownTable";
import type { ComparisonRow, TriggerComparison } from "./triggerComparison";

/** The test bed's item kinds, in table order; rows without per-kind numbers show dashes. */
export const ITEM_KINDS = ["student-solvable", "teacher-dependent", "teacher-unsolvable"] as const;

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;

/** Which curve a row belongs to: `router`, a trigger's name, or its mode for the two baselines. */
export function curveOf(method: ComparisonRow): string {
    if (method.mode === "confidence" && method.trigger !== undefined) return method.trigger;
    return method.mode;
}

/**
 * The comparison as Markdown: one row per method with accuracy, call ratio, teacher tokens, cost, gap
 * recovered, the random trigger's gap at the same ratio, and per item kind accuracy and call rate; then the
 * best row within the budget per trigger.
 */
export function comparisonTable(comparison: TriggerComparison): string {
    const header = ["Method", "Trigger", "Threshold", "Accuracy", "Call ratio", "Teacher tokens", "Calls", "Cost (USD)", "Gap recovered", "Random trigger at that ratio", ...ITEM_KINDS.map((kind) => `${kind}: accuracy / call rate`)];
    const lines = [
        row(header),
        row(header.map((_, i) => (i === 0 ? "---" : i <= 2 ? "---" : "---:"))),
        ...comparison.methods.map((method) =>
            row([
                markdownText(method.label),
                method.trigger ?? "",
                method.threshold === undefined ? "" : String(method.threshold),
                formatPercent(method.accuracy),
                formatPercent(method.callRatio, 2),
                String(method.teacherTokens),
                String(method.calls),
                method.costUSD.toFixed(4),
                formatPercent(method.gapRecovered),
                method.randomGapAtSameRatio === undefined ? "" : formatPercent(method.randomGapAtSameRatio),
                ...ITEM_KINDS.map((kind) => {
                    const numbers = method.byKind?.[kind];
                    return numbers ? `${formatPercent(numbers.accuracy)} / ${formatPercent(numbers.callRate, 0)}` : "–";
                }),
            ]),
        ),
        "",
        `Gap recovered = (accuracy − student-only) / (teacher-only − student-only), over all items, with student-only at ${formatPercent(comparison.studentOnly)} ` +
            `and teacher-only at ${formatPercent(comparison.teacherOnly)}. Call ratio = teacher tokens / all generated tokens. Call rate = share of solves with at least one call. ` +
            "The random trigger's gap at a ratio is interpolated linearly on its measured curve, which starts at (0, 0); – beyond its last point.",
        "",
        `Best row per trigger with a call ratio ≤ ${formatPercent(comparison.maxCallRatio, 0)}:`,
        "",
    ];
    if (comparison.bestPerTrigger.length === 0) lines.push(`No training-free trigger row has a call ratio ≤ ${formatPercent(comparison.maxCallRatio, 0)}.`);
    for (const target of comparison.bestPerTrigger) {
        const times = target.timesRandom === null ? "" : ` (${target.timesRandom.toFixed(1)}×)`;
        lines.push(
            `- ${target.trigger} at ${target.threshold}: ${formatPercent(target.gapRecovered)} of the gap at a call ratio of ${formatPercent(target.callRatio, 2)}; ` +
                `the random trigger at that ratio: ${formatPercent(target.randomGapAtSameRatio)}${times}.`,
        );
    }
    return lines.join("\n") + "\n";
}

const COLOURS: Record<string, string> = {
    router: "#999999",
    top1: "#1f77b4",
    entropy: "#d62728",
    margin: "#2ca02c",
    step: "#9467bd",
    random: "#ff7f0e",
    "student-only": "#000000",
    "teacher-only": "#000000",
};

const WIDTH = 720;
const HEIGHT = 460;
const PLOT = { left: 64, right: 560, top: 40, bottom: 400 };
const X_TICKS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * Accuracy against call ratio (square-root x axis, so the low ratios the triggers live at are readable):
 * one polyline per trigger and for the router, in order of call ratio; student-only and teacher-only as
 * black points; a dashed line at the budget. Hand-built SVG, all text escaped.
 */
export function comparisonSvg(comparison: TriggerComparison, title = "Training-free triggers on the test bed"): string {
    const px = (ratio: number) => PLOT.left + Math.sqrt(Math.min(1, Math.max(0, ratio))) * (PLOT.right - PLOT.left);
    const py = (accuracy: number) => PLOT.bottom - accuracy * (PLOT.bottom - PLOT.top);
    const parts = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
        `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
        `<text x="${(PLOT.left + PLOT.right) / 2}" y="24" text-anchor="middle" font-size="14">${xmlEscape(title)}</text>`,
    ];
    for (const tick of X_TICKS) {
        parts.push(`<line x1="${px(tick).toFixed(1)}" y1="${PLOT.top}" x2="${px(tick).toFixed(1)}" y2="${PLOT.bottom}" stroke="#eeeeee"/>`);
        parts.push(`<text x="${px(tick).toFixed(1)}" y="${PLOT.bottom + 16}" text-anchor="middle">${tick * 100}%</text>`);
    }
    for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
        parts.push(`<line x1="${PLOT.left}" y1="${py(tick).toFixed(1)}" x2="${PLOT.right}" y2="${py(tick).toFixed(1)}" stroke="#eeeeee"/>`);
        parts.push(`<text x="${PLOT.left - 6}" y="${(py(tick) + 4).toFixed(1)}" text-anchor="end">${Math.round(tick * 100)}%</text>`);
    }
    parts.push(
        `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#333333"/>`,
        `<line x1="${px(comparison.maxCallRatio).toFixed(1)}" y1="${PLOT.top}" x2="${px(comparison.maxCallRatio).toFixed(1)}" y2="${PLOT.bottom}" stroke="#333333" stroke-dasharray="4 4"/>`,
        `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 36}" text-anchor="middle">${xmlEscape("Call ratio (teacher share of generated tokens, square-root scale; dashed: the 5 % budget)")}</text>`,
        `<text x="16" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(PLOT.top + PLOT.bottom) / 2})">Accuracy (all items)</text>`,
    );
    const curves = new Map<string, ComparisonRow[]>();
    for (const method of comparison.methods) {
        if (method.accuracy === null || method.finished === 0) continue;
        const key = curveOf(method);
        curves.set(key, [...(curves.get(key) ?? []), method]);
    }
    let legendY = PLOT.top + 10;
    for (const [key, group] of curves) {
        const colour = COLOURS[key] ?? "#555555";
        const sorted = [...group].sort((a, b) => a.callRatio - b.callRatio || a.accuracy! - b.accuracy!);
        const baseline = key === "student-only" || key === "teacher-only";
        if (!baseline && sorted.length > 1) {
            const points = sorted.map((method) => `${px(method.callRatio).toFixed(1)},${py(method.accuracy!).toFixed(1)}`).join(" ");
            parts.push(`<polyline data-curve="${xmlEscape(key)}" points="${points}" fill="none" stroke="${colour}" stroke-width="${key === "router" ? 1.5 : 2}"${key === "router" ? ' stroke-dasharray="6 3"' : ""}/>`);
        }
        for (const method of sorted) {
            const tooltip = `${method.label}: accuracy ${formatPercent(method.accuracy)}, call ratio ${formatPercent(method.callRatio, 2)}`;
            parts.push(`<circle cx="${px(method.callRatio).toFixed(1)}" cy="${py(method.accuracy!).toFixed(1)}" r="${baseline ? 5 : 3.5}" fill="${colour}"><title>${xmlEscape(tooltip)}</title></circle>`);
        }
        if (baseline) {
            const method = sorted[0]!;
            const anchor = method.callRatio > 0.5 ? "end" : "start";
            const dx = anchor === "end" ? -8 : 8;
            parts.push(`<text x="${(px(method.callRatio) + dx).toFixed(1)}" y="${(py(method.accuracy!) - 8).toFixed(1)}" text-anchor="${anchor}">${xmlEscape(method.label)}</text>`);
            continue;
        }
        parts.push(
            `<line x1="${PLOT.right + 16}" y1="${legendY - 4}" x2="${PLOT.right + 40}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"${key === "router" ? ' stroke-dasharray="6 3"' : ""}/>`,
            `<text x="${PLOT.right + 46}" y="${legendY}">${xmlEscape(key === "router" ? "random router" : `${key} trigger`)}</text>`,
        );
        legendY += 18;
    }
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}
