import { terminalSafe } from "../format/terminalText";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
    BENCH_MODES,
    configFingerprint,
    DatasetError,
    datasetName,
    loadDataset,
    markdownTable,
    planBench,
    ProgressReporter,
    REPORT_FILES,
    resolveDataset,
    ResultsStore,
    runBench,
    shardPlan,
    summarizePlan,
    usesTeacher,
    writeReports,
    writeRunManifest,
    type BenchReport,
    type BenchRunOutcome,
    type ModelIdentity,
    type RunMode,
} from "../eval/bench";
import { resolveRelayOptions, type ConfidenceTriggerName, type Teacher } from "../relay";
import { normalizeTeacherUrl } from "../teacher";
import { JsonLinesError } from "../util/jsonLines";
import { BENCH_USAGE, defaultBenchOut, parseBenchArgs, type BenchArgs } from "./benchArgs";
import { runBenchMerge } from "./benchMergeCommand";
import { connectTeacher, loadStudent, namingGrammarFile, readGrammar, relayOptionsFrom } from "./modelSetup";
import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

/** The folder holding package.json above this file (the source tree or the bundle's `dist/`). */
function projectRoot(): string {
    let dir = __dirname;
    while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
}

/** `RELAYLLM_SHARED_DIR`, or `../shared` beside the project. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.RELAYLLM_SHARED_DIR ?? resolve(projectRoot(), "..", "shared");
}

function openInputs(args: BenchArgs) {
    try {
        const datasetPath = resolveDataset(args.dataset, sharedDir());
        const items = loadDataset(datasetPath, args.limit);
        const outDir = resolve(args.out ?? defaultBenchOut(datasetName(datasetPath), args.shard));
        const resultsPath = join(outDir, REPORT_FILES.results);
        let store: ResultsStore;
        try {
            store = ResultsStore.open(resultsPath);
        } catch (error) {
            if (error instanceof JsonLinesError) throw new UsageError(`results file ${error.message} (move the file away or choose another --out)`);
            throw error;
        }
        return { datasetPath, items, outDir, store };
    } catch (error) {
        if (error instanceof DatasetError) throw new UsageError(error.message);
        throw error;
    }
}

function modelIdentity(args: BenchArgs): ModelIdentity {
    const student = existsSync(args.student) ? resolve(args.student) : args.student;
    const teacher = args.teacherUrl ? { url: normalizeTeacherUrl(args.teacherUrl), model: args.teacherModel, api: args.teacherApi } : undefined;
    return { student, teacher };
}

export async function runBenchCommand(argv: string[]): Promise<number> {
    if (argv[0] === "merge") return runBenchMerge(argv.slice(1));
    if (argv.includes("--help") || argv.includes("-h")) {
        await writeStdout(BENCH_USAGE + "\n");
        return 0;
    }
    const args = parseBenchArgs(argv);
    try {
        return await benchWithArgs(args);
    } catch (error) {
        throw namingGrammarFile(error, args.grammarFile);
    }
}

async function benchWithArgs(args: BenchArgs): Promise<number> {
    const { datasetPath, items, outDir, store } = openInputs(args);
    if (store.repairedBytes > 0) process.stderr.write(terminalSafe(`bench: removed an unfinished last line (${store.repairedBytes} bytes) from ${store.path}\n`));
    const grammar = await readGrammar(args.grammarFile);
    const shared = relayOptionsFrom(args, grammar);
    const models = modelIdentity(args);
    const teacher: Teacher | undefined = args.modes.some(usesTeacher) ? await connectTeacher(args) : undefined;
    // With --batch on the solves in flight share one context, one sequence each, decoded in one batch.
    const student = await loadStudent(args, Boolean(process.stderr.isTTY), args.batch ? args.concurrency : 1);

    const abort = new AbortController();
    const stop = () => {
        if (abort.signal.aborted) process.exit(130);
        process.stderr.write("\nbench: stopping; finished solves are saved (press Ctrl-C again to quit at once)\n");
        abort.abort();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    const progress = new ProgressReporter(process.stderr);
    try {
        const fingerprintOptions = resolveRelayOptions({ ...shared, seed: args.seed, student, userPrompt: "" });
        // A verdict depends on the grader too: results graded otherwise are not reused.
        const configOf = (mode: RunMode) => configFingerprint(mode, models, fingerprintOptions) + (args.grader === "math" ? (args.extract === "last" ? "" : `-extract-${args.extract}`) : `-${args.grader}`);
        const whole = planBench({ items, modes: args.modes, repeats: args.repeats, routerFractions: args.routerFractions, seed: args.seed, promptSuffix: args.promptSuffix, configOf });
        const plan = shardPlan(whole, args.shard);
        const confidence = { trigger: fingerprintOptions.confidence.trigger, threshold: fingerprintOptions.confidence.threshold };
        const teacherLabel = teacher && models.teacher ? `${teacher.name} at ${models.teacher.url}` : undefined;
        writeBenchManifest(outDir, args, { dataset: datasetName(datasetPath), items, configOf, confidence, student: student.info, teacherLabel });
        const planned = new Set(whole.tasks.map((task) => task.key));
        const unused = [...store.keys()].filter((key) => !planned.has(key)).length;
        if (unused > 0) process.stderr.write(terminalSafe(`bench: ${unused} stored results in ${store.path} were made with other settings or problems and are not used\n`));

        let outcome: BenchRunOutcome;
        try {
            outcome = await runBench({
                plan,
                store,
                student,
                teacher,
                relayOptions: shared,
                seed: args.seed,
                concurrency: args.concurrency,
                retryTeacherErrors: args.retryTeacherErrors,
                grader: args.grader,
                extract: args.extract,
                signal: abort.signal,
                onProgress: (state) => progress.update(state),
            });
        } catch (error) {
            progress.finish();
            process.stderr.write(terminalSafe(`bench: the run stopped on an error; finished solves are saved in ${store.path} (rerun to resume)\n`));
            throw error;
        } finally {
            progress.finish();
            await writeBenchReport(outDir, {
                dataset: datasetName(datasetPath),
                problems: items.length,
                repeats: args.repeats,
                student: student.info.name,
                teacher: teacherLabel,
                relayTrained: student.info.relayTrained,
                routerFractions: args.modes.includes("router") ? args.routerFractions : [],
                // Confidence rows carry the trigger and threshold they ran with (the resolved ones, defaults included).
                methods: summarizePlan(plan, (key) => store.get(key), args.prices, confidence),
                ...(args.shard.count > 1 ? { shard: args.shard } : {}),
                generatedAt: new Date().toISOString(),
            });
        }
        process.stderr.write(terminalSafe(`bench: ${outcome.ran} solves run, ${outcome.skipped} found in ${store.path}${outcome.aborted ? " (stopped early: rerun the same command to resume)" : ""}\n`));
        return outcome.aborted ? 130 : 0;
    } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        await student.dispose();
    }
}

/** What `bench merge` needs to rebuild the whole run's plan and table from this folder and its siblings. */
function writeBenchManifest(
    outDir: string,
    args: BenchArgs,
    run: { dataset: string; items: Parameters<typeof writeRunManifest>[1]["items"]; configOf: (mode: RunMode) => string; confidence: { trigger: ConfidenceTriggerName; threshold: number }; student: { name: string; relayTrained: boolean }; teacherLabel?: string },
): void {
    writeRunManifest(outDir, {
        format: 1,
        dataset: run.dataset,
        items: run.items,
        modes: args.modes,
        repeats: args.repeats,
        routerFractions: args.routerFractions,
        seed: args.seed,
        promptSuffix: args.promptSuffix,
        configs: Object.fromEntries(BENCH_MODES.filter((mode): mode is RunMode => mode !== "router").map((mode) => [mode, run.configOf(mode)])),
        prices: args.prices,
        confidence: run.confidence,
        student: run.student.name,
        ...(run.teacherLabel === undefined ? {} : { teacher: run.teacherLabel }),
        relayTrained: run.student.relayTrained,
        shard: args.shard,
    });
}

/** The table on stdout, and table.md, pareto.svg and summary.json in `outDir`. */
async function writeBenchReport(outDir: string, report: BenchReport): Promise<void> {
    const paths = writeReports(outDir, report);
    await writeStdout(markdownTable(report));
    process.stderr.write(terminalSafe(`bench: wrote ${paths.table}, ${paths.plot} and ${paths.summary}\n`));
}
