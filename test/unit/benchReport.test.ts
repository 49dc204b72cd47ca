import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import { escapeHtml } from "../../src/format/escapeHtml";
import { markdownTable, markdownText, matchedRouter, niceAxis, paretoSvg, summarizeMethod, type BenchMode, type BenchReport, type MethodSummary } from "../../src/eval/bench";

function method(mode: BenchMode, label: string, accuracy: number | null, callRatio: number, finished = 500): MethodSummary {
    return { ...summarizeMethod(mode, label, 500, [], { inputPerMillion: 0, outputPerMillion: 0 }), finished, accuracy, callRatio, teacherOutputTokens: 1234, teacherPromptTokens: 5678, costUSD: 0.01234, meanLatencyMs: 1500, p95LatencyMs: 4200 };
}

/** The row with its matched router between the paper's MATH-500 baselines (42.50 and 54.12). */
function withMatched(row: MethodSummary): MethodSummary {
    return { ...row, matchedRouter: matchedRouter(row, { accuracy: 0.425, callRatio: 0 }, { accuracy: 0.5412, callRatio: 1 }) };
}

function report(overrides: Partial<BenchReport> = {}): BenchReport {
    return {
        dataset: "math500",
        problems: 500,
        repeats: 1,
        student: "Qwen3-1.7B",
        teacher: "Qwen/Qwen3-8B at http://127.0.0.1:8000/v1",
        relayTrained: true,
        routerFractions: [0.3],
        generatedAt: "2026-01-01T00:00:00.000Z",
        methods: [
            method("student-only", "Student only", 0.425, 0),
            withMatched(method("relay", "RelayLLM (learned calls)", 0.4952, 0.0107)),
            method("teacher-only", "Teacher only", 0.5412, 1),
            method("router", "Random router (30 % to teacher)", 0.46, 0.3),
        ],
        ...overrides,
    };
}

/** Parses SVG as XML; throws on a document that is not well-formed. */
function parseSvg(svg: string): Document {
    const { window } = new JSDOM("");
    const document = new window.DOMParser().parseFromString(svg, "image/svg+xml");
    if (document.getElementsByTagName("parsererror").length > 0) throw new Error(`not well-formed SVG: ${document.documentElement.textContent}`);
    return document;
}

describe("the benchmark table", () => {
    it("has one row per method, in the paper's columns", () => {
        const table = markdownTable(report());
        const rows = table.slice(0, table.indexOf("## Performance-matched")).split("\n").filter((line) => line.startsWith("|"));
        assert.equal(rows.length, 2 + 4);
        assert.equal(rows[0], "| Method | Accuracy | Call ratio | Teacher output tokens | Teacher prompt tokens | Cost (USD) | Mean latency (s) | p95 latency (s) | Teacher errors | Solves |");
        assert.equal(rows[3], "| RelayLLM (learned calls) | 49.5 % | 1.07 % | 1234 | 5678 | 0.0123 | 1.50 | 4.20 | 0 | 500/500 |");
        assert.ok(rows.every((row) => row.split(" | ").length === 10), "every row has ten cells");
        assert.match(table, /random router reuses/);
        assert.doesNotMatch(table, /Incomplete/);
        assert.doesNotMatch(table, /not marked relay-trained/);
    });

    it("says avg@K, flags an incomplete run and an untrained student", () => {
        const table = markdownTable(report({ repeats: 32, relayTrained: false, methods: [method("relay", "RelayLLM (learned calls)", 0.1, 0.01, 10)] }));
        assert.match(table, /\| Accuracy \(avg@32\) \|/);
        assert.match(table, /\| 10\/500 \|/);
        assert.match(table, /Incomplete run/);
        assert.match(table, /not marked relay-trained/);
    });

    it("escapes names that would break the table or inject HTML", () => {
        assert.equal(markdownText("a|b <script> *x* [y](z)"), "a\\|b &lt;script&gt; \\*x\\* \\[y\\](z)");
        const table = markdownTable(report({ student: "evil|<img src=x onerror=alert(1)>" }));
        assert.ok(!table.includes("<img"));
        assert.match(table, /evil\\\|&lt;img/);
    });
});

describe("the Pareto plot", () => {
    it("is well-formed SVG with one labelled point per method and the routing line", () => {
        const document = parseSvg(paretoSvg(report()));
        assert.equal(document.documentElement.tagName, "svg");
        assert.equal(document.getElementsByTagName("circle").length, 4);
        const texts = [...document.getElementsByTagName("text")].map((node) => node.textContent);
        for (const label of ["Student only", "RelayLLM (learned calls)", "Teacher only", "Random router (30 % to teacher)"]) assert.ok(texts.includes(label), label);
        assert.ok([...document.getElementsByTagName("line")].some((line) => line.getAttribute("stroke-dasharray") !== null), "routing line");
    });

    it("escapes every text it shows", () => {
        assert.equal(escapeHtml(`<a href="x">&'</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        const evil = "</text><script>alert(1)</script>&";
        const svg = paretoSvg(report({ dataset: evil, student: evil, methods: [method("relay", evil, 0.5, 0.1)] }));
        assert.ok(!svg.includes("<script>"));
        const document = parseSvg(svg);
        assert.equal(document.getElementsByTagName("script").length, 0);
        assert.ok([...document.getElementsByTagName("text")].some((node) => node.textContent === evil));
    });

    it("places points on the axes' scale and keeps labels apart", () => {
        const document = parseSvg(paretoSvg(report({ methods: [method("student-only", "Student only", 0, 0), method("relay", "Relay", 0, 0), method("confidence", "Confidence", 0, 0)] })));
        const circles = [...document.getElementsByTagName("circle")];
        assert.equal(new Set(circles.map((circle) => `${circle.getAttribute("cx")},${circle.getAttribute("cy")}`)).size, 1, "same point");
        const labels = [...document.getElementsByTagName("text")].filter((node) => ["Student only", "Relay", "Confidence"].includes(node.textContent ?? ""));
        assert.equal(new Set(labels.map((node) => node.getAttribute("y"))).size, 3, "labels on different lines");
    });

    it("leaves out methods with no results and says so when there are none", () => {
        const svg = paretoSvg(report({ methods: [method("relay", "Relay", null, 0, 0)] }));
        assert.equal(parseSvg(svg).getElementsByTagName("circle").length, 0);
        assert.match(svg, /no finished results yet/);
    });

    it("picks round axis bounds and steps", () => {
        assert.deepEqual(niceAxis(1), { max: 1, step: 0.2 });
        assert.deepEqual(niceAxis(0.5412), { max: 0.6, step: 0.1 });
        assert.deepEqual(niceAxis(0.0107), { max: 0.02, step: 0.005 });
        assert.deepEqual(niceAxis(0.1), { max: 0.1, step: 0.02 });
    });
});

describe("the matched router and the router sweep in the report", () => {
    const sweep = [0, 0.25, 0.5, 0.75, 1].map((fraction, index) => ({
        ...method("router", `Random router (${fraction * 100} % to teacher)`, [0.425, 0.45, 0.48, 0.51, 0.5412][index]!, [0, 0.3, 0.55, 0.8, 1][index]!),
        routerFraction: fraction,
    }));
    const sweepReport = () =>
        report({
            routerFractions: [0, 0.25, 0.5, 0.75, 1],
            methods: [
                method("student-only", "Student only", 0.425, 0),
                withMatched(method("relay", "RelayLLM (learned calls)", 0.4952, 0.0107)),
                withMatched(method("confidence", "Confidence calls", 0.4, 0.05)),
                method("teacher-only", "Teacher only", 0.5412, 1),
                ...sweep,
            ],
        });

    it("table.md gives each relay-like row its matched teacher share and cost reduction (the paper's 60.4 % and 98.2 %), or the reason there is none", () => {
        const table = markdownTable(sweepReport());
        const section = table.slice(table.indexOf("## Performance-matched random router"));
        assert.ok(section.length > 0 && section.startsWith("## Performance-matched"));
        const rows = section.split("\n").filter((line) => line.startsWith("| "));
        assert.equal(rows[0], "| Method | Accuracy | Call ratio | Matched router's teacher share | Cost reduction | Note |");
        assert.equal(rows[2], "| RelayLLM (learned calls) | 49.5 % | 1.07 % | 60.4 % | 98.2 % |  |");
        assert.equal(rows[3], "| Confidence calls | 40.0 % | 5.00 % | – | – | less accurate than student-only: no teacher share matches it |");
        assert.equal(rows.length, 4);
        assert.match(section, /p = \(accuracy − student-only accuracy\) \/ \(teacher-only accuracy − student-only accuracy\), with student-only at 42\.5 % and teacher-only at 54\.1 %/);
        assert.match(section, /Cost reduction = 1 − call ratio \/ p/);
        assert.match(table, /share one ranking of the problems per repeat/);
        assert.doesNotMatch(markdownTable(report()), /share one ranking/, "one router row: no sweep note");
        // Every router row is in the main table.
        for (const fraction of [0, 25, 50, 75, 100]) assert.match(table, new RegExp(`\\| Random router \\(${fraction} % to teacher\\) \\|`));
    });

    it("no matched-router section without relay-like rows", () => {
        const table = markdownTable(report({ methods: [method("student-only", "Student only", 0.4, 0), method("teacher-only", "Teacher only", 0.5, 1)] }));
        assert.doesNotMatch(table, /matched/i);
    });

    it("pareto.svg draws the measured router curve through the sweep, the linear matched router, and a diamond at each relay row's matched share", () => {
        const document = parseSvg(paretoSvg(sweepReport()));
        const curves = [...document.getElementsByTagName("polyline")];
        assert.equal(curves.length, 1, "one router curve");
        const curve = curves[0]!.getAttribute("points")!.split(" ").map((pair) => pair.split(",").map(Number) as [number, number]);
        assert.equal(curve.length, 5);
        for (let i = 1; i < curve.length; i++) assert.ok(curve[i]![0] >= curve[i - 1]![0], "ordered by call ratio");
        const circles = [...document.getElementsByTagName("circle")];
        assert.equal(circles.length, 9, "one point per row");
        const routerCircles = circles.filter((circle) => circle.getAttribute("fill") === "#ccbb44").map((circle) => [Number(circle.getAttribute("cx")), Number(circle.getAttribute("cy"))]);
        assert.deepEqual(new Set(routerCircles.map(String)), new Set(curve.map(String)), "the curve goes through the router points");
        // One diamond: confidence has no matched share; the relay's sits at x = 60.4 % of the axis at the relay's height.
        const diamonds = [...document.getElementsByTagName("path")];
        assert.equal(diamonds.length, 1);
        assert.match(diamonds[0]!.textContent ?? "", /60\.4 % to the teacher; cost reduction 98\.2 %/);
        const relayCircle = circles.find((circle) => circle.getAttribute("fill") === "#ee6677")!;
        const [, x, y] = /^M ([\d.]+) ([\d.]+)/.exec(diamonds[0]!.getAttribute("d")!)!.map(Number);
        assert.ok(Math.abs(y! + 5 - Number(relayCircle.getAttribute("cy"))) < 0.2, "same accuracy");
        assert.ok(Math.abs(x! - (72 + ((0.4952 - 0.425) / (0.5412 - 0.425)) * (690 - 72))) < 0.2, "at the teacher share");
        const texts = [...document.getElementsByTagName("text")].map((node) => node.textContent);
        for (const label of ["router 0 %", "router 25 %", "router 100 %", "random router (measured)", "matched router (linear, as the paper)", "same accuracy: matched router"]) assert.ok(texts.includes(label), label);
        assert.ok([...document.getElementsByTagName("line")].some((line) => line.getAttribute("stroke-dasharray") === "1 3"), "the relay's dotted line across");
    });

    it("one router row is a point with its full label and no curve", () => {
        const document = parseSvg(paretoSvg(report()));
        assert.equal(document.getElementsByTagName("polyline").length, 0);
        assert.ok([...document.getElementsByTagName("text")].some((node) => node.textContent === "Random router (30 % to teacher)"));
    });
});
