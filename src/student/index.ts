/**
 * The student adapter: the small local model over node-llama-cpp, in this process (LlamaStudent) or in a
 * worker process that a native crash cannot take the caller down with (WorkerStudent).
 */
export { loadLlamaStudent, LlamaStudent, defaultStudentTemperature } from "./llamaStudent";
export type { LlamaStudentSession } from "./llamaStudentSession";
export { loadWorkerStudent, resolveWorkerEntry, WorkerStudent, type WorkerEntry, type WorkerStudentOptions } from "./workerStudent";
export { defaultMaxContextSize, defaultStudentThreads, type DownloadProgress, type StudentGpu, type StudentModelOptions } from "./studentModelOptions";
export { isModelUri } from "./resolveStudentModelFile";
export { GrammarError, type GrammarProblem } from "./grammarError";
