import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JSDOM } from "jsdom";
import { markdownTable, markdownText, niceAxis, paretoSvg, summarizeMethod, xmlEscape, type BenchMode, type BenchReport, type MethodSummary } from "../../src/eval/bench";

function method(mode: BenchMode, label: string, accuracy: number | null, callRatio: number, finished = 500): MethodSummary {
    return { ...summarizeMethod(mode, label, 500, [], { inputPerMillion: 0, outputPerMillion: 0 }), finished, accuracy, callRatio, teacherOutputTokens: 1234, teacherPromptTokens: 5678, costUSD: 0.01234, meanLatencyMs: 1500, p95LatencyMs: 4200 };
}

function report(overrides: Partial<BenchReport> = {}): BenchReport {
    return {
        dataset: "math500",
        problems: 500,
        repeats: 1,
        student: "Qwen3-1.7B",
        teacher: "Qwen/Qwen3-8B at http://127.0.0.1:8000/v1",
        relayTrained: true,
        routerFraction: 0.3,
        generatedAt: "2026-01-01T00:00:00.000Z",
        methods: [
            method("student-only", "Student only", 0.425, 0),
            method("relay", "RelayLLM (learned calls)", 0.4952, 0.0107),
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
        const rows = table.split("\n").filter((line) => line.startsWith("|"));
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
        assert.equal(xmlEscape(`<a href="x">&'</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
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
