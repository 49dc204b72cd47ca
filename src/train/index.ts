/** Tools to train a student to call: warm-up data, the teacher pass-rate filter, the difficulty-aware reward (docs/training.md). */
export { CALL_TOKEN_CAP, callRatio, difficultyCase, difficultyReward, type DifficultyCase, type RewardRollout, type RewardScore } from "./difficultyReward";
export { drawInt, insertCalls, parseIntDistribution, tokenBoundaries, type InsertCallsOptions, type InsertedCall, type IntDistribution } from "./insertCalls";
export { sampleWarmup, WARMUP_DEFAULTS, type WarmupOptions, type WarmupRecord } from "./warmupData";
export { WARMUP_FILES, writeWarmupFiles } from "./warmupFiles";
export { easyR1Rows, FILTER_DEFAULTS, inBand, PAPER_BAND, REFERENCE_BAND, runTeacherFilter, type FilterRecord, type PassRateBand, type TeacherFilterOptions } from "./teacherFilter";
