/** The benchmark harness's public surface: data sets, run plan, runner, resumable results, table and plot. */
export { BENCH_MODES, DEFAULT_BENCH_MODES, engineModeOf, isRelayLike, methodLabel, usesTeacher, type BenchMode, type RunMode } from "./benchModes";
export { planBench, type BenchPlan, type BenchTask, type MethodCell, type PlanInput, type PlannedMethod } from "./benchPlan";
export { benchPrompt, REFERENCE_PROMPT_SUFFIX } from "./benchPrompt";
export { benchRecordProblem, isSettled, type BenchRecord, type RecordUsage } from "./benchRecord";
export { formatSeconds, type BenchReport } from "./benchReport";
export { DatasetError, datasetName, loadDataset, resolveDataset, SHARED_DATASETS, type BenchItem } from "./dataset";
export { markdownTable, markdownText, matchedRouterSection } from "./markdownTable";
export { matchedRouter, type AccuracyPoint, type MatchedRouter, type MatchedRouterIssue } from "./matchedRouter";
export { niceAxis, paretoSvg } from "./paretoSvg";
export { formatDuration, progressLine, ProgressReporter, type ProgressSink } from "./progressBar";
export { ResultsStore, truncateTornTail } from "./resultsStore";
export { hashUnit, routeToTeacher } from "./router";
export { runBench, type BenchProgress, type BenchRunOutcome, type RunBenchOptions, type SharedRelayOptions } from "./runBench";
export { configFingerprint, itemFingerprint, resultKey, type FingerprintOptions, type ModelIdentity, type ResultKeyParts } from "./runKey";
export { averageAtK, percentile, summarizeMethod, summarizePlan, type MethodSummary } from "./summarize";
export { REPORT_FILES, writeReports } from "./writeReports";
