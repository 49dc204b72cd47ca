import type { BenchMode } from "./benchModes";
import type { BenchReport } from "./benchReport";

/** Text safe in SVG character data and attribute values. */
export function xmlEscape(text: string): string {
    return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

const WIDTH = 720;
const HEIGHT = 480;
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

/** `0.125` → `12.5%` (at most two decimals). */
function percentTick(value: number): string {
    return `${Number((value * 100).toFixed(2))}%`;
}

/**
 * The paper's Pareto picture: accuracy against call ratio, one labelled point per method, and the straight
 * line between student-only and teacher-only that random routing traces. Hand-built SVG; all text escaped.
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
        `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${xmlEscape(`Accuracy vs call ratio: ${report.dataset} (${report.problems} problems × ${report.repeats})`)}</text>`,
        `<text x="${WIDTH / 2}" y="42" text-anchor="middle" fill="#555555">${xmlEscape(`student ${report.student} · teacher ${report.teacher ?? "none"}`)}</text>`,
    ];
    for (const tick of ticks(x)) {
        const at = px(tick).toFixed(1);
        parts.push(`<line x1="${at}" y1="${PLOT.top}" x2="${at}" y2="${PLOT.bottom}" stroke="#eeeeee"/>`);
        parts.push(`<text x="${at}" y="${PLOT.bottom + 16}" text-anchor="middle">${xmlEscape(percentTick(tick))}</text>`);
    }
    for (const tick of ticks(y)) {
        const at = py(tick).toFixed(1);
        parts.push(`<line x1="${PLOT.left}" y1="${at}" x2="${PLOT.right}" y2="${at}" stroke="#eeeeee"/>`);
        parts.push(`<text x="${PLOT.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${xmlEscape(percentTick(tick))}</text>`);
    }
    parts.push(
        `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#333333"/>`,
        `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 30}" text-anchor="middle">Call ratio (teacher share of generated tokens)</text>`,
        `<text x="18" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" transform="rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})">Accuracy</text>`,
    );

    const student = points.find((point) => point.mode === "student-only");
    const teacher = points.find((point) => point.mode === "teacher-only");
    if (student && teacher) {
        parts.push(
            `<line x1="${px(student.callRatio).toFixed(1)}" y1="${py(student.accuracy!).toFixed(1)}" x2="${px(teacher.callRatio).toFixed(1)}" y2="${py(teacher.accuracy!).toFixed(1)}" stroke="#999999" stroke-dasharray="5 4"/>`,
        );
    }

    const placed: LabelBox[] = [];
    for (const point of points) {
        const cx = px(point.callRatio);
        const cy = py(point.accuracy!);
        const colour = COLOURS[point.mode];
        const label = placeLabel(point.label, cx, cy, placed);
        const tooltip = `${point.label}: accuracy ${(point.accuracy! * 100).toFixed(1)} %, call ratio ${(point.callRatio * 100).toFixed(2)} %`;
        if (Math.abs(label.baseline - (cy - LABEL_OFFSET)) > LABEL_LINE) {
            parts.push(`<line x1="${cx.toFixed(1)}" y1="${cy.toFixed(1)}" x2="${label.anchorX.toFixed(1)}" y2="${(label.baseline - 4).toFixed(1)}" stroke="${colour}" stroke-opacity="0.5"/>`);
        }
        parts.push(
            `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5" fill="${colour}"><title>${xmlEscape(tooltip)}</title></circle>`,
            `<text x="${label.anchorX.toFixed(1)}" y="${label.baseline.toFixed(1)}" text-anchor="${label.anchor}" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${xmlEscape(point.label)}</text>`,
        );
    }
    if (points.length === 0) parts.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" fill="#999999">no finished results yet</text>`);
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}
