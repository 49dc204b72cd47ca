import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import {
    benchRecordProblem,
    markdownTable,
    MergeError,
    mergeShards,
    readRunManifest,
    REPORT_FILES,
    resultKey,
    summarizePlan,
    writeAtomically,
    writeReports,
    writeRunManifest,
    type BenchRecord,
    type BenchReport,
    type ShardFolder,
} from "../eval/bench";
import { terminalSafe } from "../format/terminalText";
import { JsonLinesError, readJsonLines } from "../util/jsonLines";
import { parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

export const BENCH_MERGE_USAGE = `usage: relayllm bench merge DIR... [--out DIR]
Combines the output folders of one run split with --shard I/N (run on one machine or several) into one
results folder: DIR/results.jsonl, run.json, table.md, pareto.svg and summary.json, the table printed on stdout.
Folders of different runs, a shard given twice, and a solve whose result two folders hold are refused; a shard
not given leaves its solves unfinished. Default --out: bench-out/<data set>-merged (a new or empty folder).`;

/** One folder's run.json and results (the last line of each key), read without repairing anything in it. */
function readShardFolder(dir: string): ShardFolder {
    let manifest;
    try {
        manifest = readRunManifest(dir);
    } catch (error) {
        throw new UsageError(`bench merge: ${(error as Error).message}`);
    }
    const path = join(dir, REPORT_FILES.results);
    const byKey = new Map<string, BenchRecord>();
    try {
        // A torn last line (a shard killed mid-write) is that solve unfinished.
        if (existsSync(path)) for (const record of readJsonLines<BenchRecord>(path, { tolerateTornTail: true, check: benchRecordProblem })) byKey.set(resultKey(record), record);
    } catch (error) {
        if (error instanceof JsonLinesError) throw new UsageError(`bench merge: results file ${error.message}`);
        throw error;
    }
    return { dir, manifest, records: [...byKey.values()] };
}

export async function runBenchMerge(argv: string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        await writeStdout(BENCH_MERGE_USAGE + "\n");
        return 0;
    }
    const { values, positionals } = parseFlags(argv, { out: { type: "string" } });
    if (positionals.length === 0) throw new UsageError("bench merge needs the shards' output folders (relayllm bench merge DIR... [--out DIR])");
    const dirs = positionals.map((dir) => resolve(dir));
    const folders = dirs.map(readShardFolder);
    let merged;
    try {
        merged = mergeShards(folders);
    } catch (error) {
        if (error instanceof MergeError) throw new UsageError(`bench merge: ${error.message}`);
        throw error;
    }
    const { manifest, plan, records } = merged;
    const outDir = resolve(values.out ?? join("bench-out", `${manifest.dataset}-merged`));
    if (dirs.includes(outDir)) throw new UsageError(`bench merge: --out ${outDir} is one of the folders to merge (choose a new folder)`);
    if (existsSync(join(outDir, REPORT_FILES.results))) throw new UsageError(`bench merge: ${outDir} already holds ${REPORT_FILES.results} (choose a new or empty folder)`);
    for (const note of merged.notes) process.stderr.write(terminalSafe(`bench merge: ${note}\n`));

    writeAtomically(join(outDir, REPORT_FILES.results), records.map((record) => JSON.stringify(record) + "\n").join(""));
    // The merged folder is a whole run: `relayllm bench` with the same settings resumes it.
    writeRunManifest(outDir, manifest);
    const lookup = new Map(records.map((record) => [resultKey(record), record]));
    const report: BenchReport = {
        dataset: manifest.dataset,
        problems: manifest.items.length,
        repeats: manifest.repeats,
        student: manifest.student,
        teacher: manifest.teacher,
        relayTrained: manifest.relayTrained,
        routerFractions: manifest.modes.includes("router") ? manifest.routerFractions : [],
        methods: summarizePlan(plan, (key) => lookup.get(key), manifest.prices, manifest.confidence),
        generatedAt: new Date().toISOString(),
    };
    const paths = writeReports(outDir, report);
    await writeStdout(markdownTable(report));
    process.stderr.write(terminalSafe(`bench merge: ${records.length} results from ${folders.length} folders; wrote ${join(outDir, REPORT_FILES.results)}, ${paths.table}, ${paths.plot} and ${paths.summary}\n`));
    return 0;
}
