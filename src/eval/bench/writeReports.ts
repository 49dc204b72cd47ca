import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BenchReport } from "./benchReport";
import { markdownTable } from "./markdownTable";
import { paretoSvg } from "./paretoSvg";

/** The files a run writes beside its results. */
export const REPORT_FILES = { results: "results.jsonl", table: "table.md", plot: "pareto.svg", summary: "summary.json" } as const;

/** Replaces a file in one step, so a reader never sees half of it (its folder is made when missing). */
export function writeAtomically(path: string, text: string): void {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
}

/** Writes `table.md`, `pareto.svg` and `summary.json` into `outDir`; returns their paths. */
export function writeReports(outDir: string, report: BenchReport): { table: string; plot: string; summary: string } {
    mkdirSync(outDir, { recursive: true });
    const paths = { table: join(outDir, REPORT_FILES.table), plot: join(outDir, REPORT_FILES.plot), summary: join(outDir, REPORT_FILES.summary) };
    writeAtomically(paths.table, markdownTable(report));
    writeAtomically(paths.plot, paretoSvg(report));
    writeAtomically(paths.summary, JSON.stringify(report, null, 2) + "\n");
    return paths;
}
