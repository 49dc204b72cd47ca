import { routerPercent, type BenchMode } from "./benchModes";
import { escapeHtml } from "../../format/escapeHtml";
import { formatPercent } from "../../format/usageFormat";
import type { BenchReport } from "./benchReport";

const WIDTH = 720;
const HEIGHT = 504;
const PLOT = { left: 72, right: 690, top: 56, bottom: 412 };
/** Estimated glyph width and line height of the 12 px labels, for keeping labels apart. */
const CHAR_WIDTH = 6.8;
const LABEL_LINE = 14;
/** Labels start up and to the side of their point by this much. */
const LABEL_OFFSET = 8;

interface LabelBox {
    left: number;
    right: number;
    top: number;
    bottom: number;
}

interface PlacedLabel {
    anchorX: number;
    baseline: number;
    anchor: "start" | "end";
}

/**
 * Puts a label beside its point (left of it in the right third of the plot), moved up a line at a time, and
 * below the point once above the plot, until it overlaps no label placed before; records its box in `placed`.
 */
export function placeLabel(text: string, cx: number, cy: number, placed: LabelBox[]): PlacedLabel {
    const width = text.length * CHAR_WIDTH;
    const anchor = cx > PLOT.left + 0.65 * (PLOT.right - PLOT.left) ? "end" : "start";
    const anchorX = anchor === "end" ? cx - LABEL_OFFSET : cx + LABEL_OFFSET;
    const left = anchor === "end" ? anchorX - width : anchorX;
    const boxAt = (baseline: number): LabelBox => ({ left, right: left + width, top: baseline - LABEL_LINE + 3, bottom: baseline + 3 });
    const free = (box: LabelBox) => placed.every((other) => box.right <= other.left || box.left >= other.right || box.bottom <= other.top || box.top >= other.bottom);
    const candidates = [cy - LABEL_OFFSET];
    for (let step = 1; step <= 40; step++) {
        candidates.push(cy - LABEL_OFFSET - step * LABEL_LINE, cy + LABEL_OFFSET + 10 + (step - 1) * LABEL_LINE);
    }
    const inside = (box: LabelBox) => box.top >= PLOT.top && box.bottom <= PLOT.bottom;
    const baseline = candidates.find((candidate) => inside(boxAt(candidate)) && free(boxAt(candidate))) ?? cy - LABEL_OFFSET;
    placed.push(boxAt(baseline));
    return { anchorX, baseline, anchor };
}

interface LegendEntry {
    text: string;
    stroke: string;
    dash?: string;
    width?: number;
}

/** The line styles the plot uses, under the x axis title, in rows that fit the width. */
function legendRow(entries: readonly LegendEntry[]): string[] {
    let y = PLOT.bottom + 62;
    let at = PLOT.left;
    return entries.flatMap((entry) => {
        const width = 30 + entry.text.length * CHAR_WIDTH;
        if (at > PLOT.left && at + width > WIDTH - 8) {
            at = PLOT.left;
            y += LABEL_LINE + 4;
        }
        const sample = `<line x1="${at}" y1="${y - 4}" x2="${at + 24}" y2="${y - 4}" stroke="${entry.stroke}" stroke-width="${entry.width ?? 1}"${entry.dash ? ` stroke-dasharray="${entry.dash}"` : ""}/>`;
        const text = `<text x="${at + 30}" y="${y}" fill="#555555">${escapeHtml(entry.text)}</text>`;
        at += width + 18;
        return [sample, text];
    });
}

const COLOURS: Record<BenchMode, string> = {
    "student-only": "#4477aa",
    "teacher-only": "#228833",
    relay: "#ee6677",
    confidence: "#aa3377",
    router: "#ccbb44",
};

/** Axis bounds as multiples of a power of ten, each with a tick count that gives a round step. */
const NICE_BOUNDS: readonly (readonly [factor: number, ticks: number])[] = [[1, 5], [2, 4], [2.5, 5], [3, 6], [4, 4], [5, 5], [6, 6], [8, 4], [10, 5]];

/** The smallest nice bound (1, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above `value`, and its tick step. */
export function niceAxis(value: number): { max: number; step: number } {
    const target = Math.max(value, 1e-6);
    const exponent = Math.floor(Math.log10(target));
    // Dividing by a power of ten keeps 0.6 exact where multiplying by 0.1 gives 0.6000000000000001.
    const scale = (factor: number) => (exponent >= 0 ? factor * 10 ** exponent : factor / 10 ** -exponent);
    const [factor, ticks] = NICE_BOUNDS.find(([factor]) => scale(factor) >= target * (1 - 1e-9)) ?? [10, 5];
    return { max: scale(factor), step: scale(factor / ticks) };
}

function ticks(axis: { max: number; step: number }): number[] {
    return Array.from({ length: Math.round(axis.max / axis.step) + 1 }, (_, i) => i * axis.step);
}

/** `0.125` → `12.5 %` (at most two decimals). */
function percentTick(value: number): string {
    return `${Number((value * 100).toFixed(2))} %`;
}

/**
 * The paper's Pareto picture: accuracy against call ratio, one labelled point per method; the dashed straight
 * line between student-only and teacher-only (the paper's linear, performance-matched router); the measured
 * router curve through the router rows when there are two or more (`--router-fractions`); and from each
 * relay-like point a dotted line across to the matched router of the same accuracy (a hollow diamond at its
 * teacher share). Hand-built SVG; all text escaped.
 */
export function paretoSvg(report: BenchReport): string {
    const points = report.methods.filter((method) => method.accuracy !== null && method.finished > 0);
    const x = niceAxis(Math.max(0.01, ...points.map((point) => point.callRatio)));
    const y = niceAxis(Math.min(1, Math.max(0.1, ...points.map((point) => point.accuracy!))));
    const px = (ratio: number) => PLOT.left + (ratio / x.max) * (PLOT.right - PLOT.left);
    const py = (accuracy: number) => PLOT.bottom - (accuracy / y.max) * (PLOT.bottom - PLOT.top);

    const parts: string[] = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
        `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
        `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escapeHtml(`Accuracy vs call ratio: ${report.dataset} (${report.problems} problems × ${report.repeats})`)}</text>`,
        `<text x="${WIDTH / 2}" y="42" text-anchor="middle" fill="#555555">${escapeHtml(`student ${report.student} · teacher ${report.teacher ?? "none"}`)}</text>`,
    ];
    for (const tick of ticks(x)) {
        const at = px(tick).toFixed(1);
        parts.push(`<line x1="${at}" y1="${PLOT.top}" x2="${at}" y2="${PLOT.bottom}" stroke="#eeeeee"/>`);
        parts.push(`<text x="${at}" y="${PLOT.bottom + 16}" text-anchor="middle">${escapeHtml(percentTick(tick))}</text>`);
    }
    for (const tick of ticks(y)) {
        const at = py(tick).toFixed(1);
        parts.push(`<line x1="${PLOT.left}" y1="${at}" x2="${PLOT.right}" y2="${at}" stroke="#eeeeee"/>`);
        parts.push(`<text x="${PLOT.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${escapeHtml(percentTick(tick))}</text>`);
    }
    parts.push(
        `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#333333"/>`,
        `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 38}" text-anchor="middle">Call ratio (teacher share of generated tokens)</text>`,
        `<text x="18" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" transform="rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})">Accuracy</text>`,
    );

    const student = points.find((point) => point.mode === "student-only");
    const teacher = points.find((point) => point.mode === "teacher-only");
    const legend: LegendEntry[] = [];
    if (student && teacher) {
        parts.push(
            `<line x1="${px(student.callRatio).toFixed(1)}" y1="${py(student.accuracy!).toFixed(1)}" x2="${px(teacher.callRatio).toFixed(1)}" y2="${py(teacher.accuracy!).toFixed(1)}" stroke="#999999" stroke-dasharray="5 4"/>`,
        );
        legend.push({ text: "matched router (linear, as the paper)", stroke: "#999999", dash: "5 4" });
    }
    // The empirical router curve: the measured router rows, joined in order of call ratio.
    const routers = points.filter((point) => point.mode === "router").sort((a, b) => a.callRatio - b.callRatio || a.accuracy! - b.accuracy!);
    if (routers.length >= 2) {
        const path = routers.map((point) => `${px(point.callRatio).toFixed(1)},${py(point.accuracy!).toFixed(1)}`).join(" ");
        parts.push(`<polyline points="${path}" fill="none" stroke="${COLOURS.router}" stroke-width="2"/>`);
        legend.push({ text: "random router (measured)", stroke: COLOURS.router, width: 2 });
    }
    // Each relay-like point joined across to the matched router of the same accuracy: the gap is the saving.
    // Labels keep clear of the diamonds as they do of each other.
    const placed: LabelBox[] = [];
    const matched = points.filter((point) => point.matchedRouter?.teacherShare != null && point.matchedRouter.teacherShare > 0);
    for (const point of matched) {
        const share = point.matchedRouter!.teacherShare!;
        const y0 = py(point.accuracy!).toFixed(1);
        const mx = px(Math.min(share, x.max));
        placed.push({ left: mx - 6, right: mx + 6, top: Number(y0) - 6, bottom: Number(y0) + 6 });
        const tooltip = `${point.label}: the matched router sends ${formatPercent(share)} to the teacher; cost reduction ${formatPercent(point.matchedRouter!.costReduction)}`;
        parts.push(
            `<line x1="${px(point.callRatio).toFixed(1)}" y1="${y0}" x2="${mx.toFixed(1)}" y2="${y0}" stroke="${COLOURS[point.mode]}" stroke-dasharray="1 3"/>`,
            `<path d="M ${mx.toFixed(1)} ${(Number(y0) - 5).toFixed(1)} l 5 5 l -5 5 l -5 -5 z" fill="#ffffff" stroke="${COLOURS[point.mode]}"><title>${escapeHtml(tooltip)}</title></path>`,
        );
    }
    if (matched.length > 0) legend.push({ text: "same accuracy: matched router", stroke: "#777777", dash: "1 3" });

    // With a sweep, router points carry their share only; the legend names the curve.
    const shortRouterLabels = routers.length >= 2;
    // Methods claim label places before router points do; router points are drawn first, a little smaller,
    // so the baselines they coincide with at fractions 0 and 1 stay visible on top of them.
    const ordered = [...points.filter((point) => point.mode !== "router"), ...points.filter((point) => point.mode === "router")];
    const [routerMarks, methodMarks, labels]: string[][] = [[], [], []];
    for (const point of ordered) {
        const cx = px(point.callRatio);
        const cy = py(point.accuracy!);
        const colour = COLOURS[point.mode];
        const text = shortRouterLabels && point.routerFraction !== undefined ? `router ${routerPercent(point.routerFraction)} %` : point.label;
        const label = placeLabel(text, cx, cy, placed);
        const tooltip = `${point.label}: accuracy ${(point.accuracy! * 100).toFixed(1)} %, call ratio ${(point.callRatio * 100).toFixed(2)} %`;
        const marks = point.mode === "router" && shortRouterLabels ? routerMarks : methodMarks;
        if (Math.abs(label.baseline - (cy - LABEL_OFFSET)) > LABEL_LINE) {
            marks.push(`<line x1="${cx.toFixed(1)}" y1="${cy.toFixed(1)}" x2="${label.anchorX.toFixed(1)}" y2="${(label.baseline - 4).toFixed(1)}" stroke="${colour}" stroke-opacity="0.5"/>`);
        }
        marks.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${marks === routerMarks ? 4 : 5}" fill="${colour}"><title>${escapeHtml(tooltip)}</title></circle>`);
        labels.push(
            `<text x="${label.anchorX.toFixed(1)}" y="${label.baseline.toFixed(1)}" text-anchor="${label.anchor}" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeHtml(text)}</text>`,
        );
    }
    parts.push(...routerMarks, ...methodMarks, ...labels);
    parts.push(...legendRow(legend));
    if (points.length === 0) parts.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" fill="#999999">no finished results yet</text>`);
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}
