import type { UsageRecord } from "../../protocol/messages";
import { element, svgElement } from "../shared/element";
import { formatPercent, formatUSD, isPriced } from "../../format/usageFormat";
import { linearScale, niceTicks } from "./chartScale";

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 68, bottom: 44, left: 56 };

interface Series {
    name: string;
    className: string;
    value: (record: UsageRecord) => number;
    label: (value: number) => string;
    ticks: number[];
}

/**
 * An inline SVG chart of call ratio (left axis) and cost (right axis) per solve, oldest to newest. Built
 * from DOM nodes; colours come from CSS classes (theme variables), and the two series also differ in dash
 * and marker shape so they stay apart in high-contrast themes. Each point has a tooltip.
 */
export function createUsageChart(document: Document, records: readonly UsageRecord[]): HTMLElement {
    const figure = element(document, "figure", { className: "relay-chart", testId: "usage-chart" });
    const ordered = [...records].sort((a, b) => a.at - b.at);
    if (ordered.length === 0) {
        figure.append(element(document, "p", { className: "relay-empty", text: "No solves yet." }));
        return figure;
    }
    const series: Series[] = [
        { name: "Call ratio", className: "relay-series-ratio", value: (record) => record.callRatio, label: (ratio) => formatPercent(ratio, "auto"), ticks: niceTicks(Math.max(...ordered.map((record) => record.callRatio))) },
        // Without prices there is no cost to plot: a $0 axis would say the teacher was free.
        ...(ordered.some(isPriced) ? [{ name: "Cost", className: "relay-series-cost", value: (record: UsageRecord) => record.costUSD, label: formatUSD, ticks: niceTicks(Math.max(...ordered.map((record) => record.costUSD))) }] : []),
    ];
    const plotLeft = MARGIN.left;
    const plotRight = WIDTH - MARGIN.right;
    const plotTop = MARGIN.top;
    const plotBottom = HEIGHT - MARGIN.bottom;
    const x = linearScale(0, ordered.length - 1, plotLeft, plotRight);

    const svg = svgElement(document, "svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": `${series.map((one) => one.name).join(" and ")} of the last ${ordered.length} solves`, preserveAspectRatio: "xMidYMid meet" });
    const axes = svgElement(document, "g", { class: "relay-axis" });
    axes.append(svgElement(document, "line", { x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom }));
    series.forEach((one, side) => {
        const ticks = one.ticks;
        const y = linearScale(0, ticks[ticks.length - 1]!, plotBottom, plotTop);
        const axisX = side === 0 ? plotLeft : plotRight;
        axes.append(svgElement(document, "line", { x1: axisX, y1: plotTop, x2: axisX, y2: plotBottom }));
        for (const tick of ticks) {
            if (side === 0 && tick > 0) axes.append(svgElement(document, "line", { class: "relay-grid", x1: plotLeft, y1: y(tick), x2: plotRight, y2: y(tick) }));
            const labelX = side === 0 ? axisX - 6 : axisX + 6;
            axes.append(svgElement(document, "text", { x: labelX, y: y(tick) + 4, "text-anchor": side === 0 ? "end" : "start" }, one.label(tick)));
        }
        const titleX = side === 0 ? 14 : WIDTH - 8;
        axes.append(svgElement(document, "text", { class: `relay-axis-title ${one.className}-text`, x: titleX, y: (plotTop + plotBottom) / 2, "text-anchor": "middle", transform: `rotate(-90 ${titleX} ${(plotTop + plotBottom) / 2})` }, one.name));
    });
    for (const index of xTickIndexes(ordered.length)) {
        const at = new Date(ordered[index]!.at);
        axes.append(svgElement(document, "text", { x: x(index), y: plotBottom + 16, "text-anchor": "middle" }, at.toLocaleDateString(undefined, { month: "short", day: "numeric" })));
        axes.append(svgElement(document, "text", { x: x(index), y: plotBottom + 30, "text-anchor": "middle" }, at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })));
    }
    svg.append(axes);

    for (const one of series) {
        const y = linearScale(0, one.ticks[one.ticks.length - 1]!, plotBottom, plotTop);
        const points = ordered.map((record, index) => [x(index), y(one.value(record))] as const);
        const group = svgElement(document, "g", { class: `relay-series ${one.className}` });
        group.append(svgElement(document, "polyline", { points: points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ") }));
        points.forEach(([px, py], index) => {
            const record = ordered[index]!;
            const marker = one.className === "relay-series-cost" ? svgElement(document, "rect", { x: px - 3, y: py - 3, width: 6, height: 6 }) : svgElement(document, "circle", { cx: px, cy: py, r: 3.5 });
            marker.append(svgElement(document, "title", {}, `${new Date(record.at).toLocaleString()}: ${one.name.toLowerCase()} ${one.label(one.value(record))}`));
            group.append(marker);
        });
        svg.append(group);
    }

    const legend = element(
        document,
        "figcaption",
        { className: "relay-chart-legend" },
        ...series.map((one) => element(document, "span", { className: `relay-chart-key ${one.className}-key` }, element(document, "span", { className: "relay-chart-swatch" }), one.name)),
    );
    figure.append(legend, svg);
    return figure;
}

/** At most five evenly spread solve indexes to label on the time axis, always the first and last. */
function xTickIndexes(count: number): number[] {
    if (count <= 1) return [0];
    const labels = Math.min(5, count);
    return [...new Set(Array.from({ length: labels }, (_, index) => Math.round((index * (count - 1)) / (labels - 1))))];
}
