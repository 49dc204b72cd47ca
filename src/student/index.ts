/**
 * The student adapter: the small local model over node-llama-cpp, in this process (LlamaStudent) or in a
 * worker process that a native crash cannot take the caller down with (WorkerStudent).
 */
export { loadLlamaStudent, LlamaStudent, defaultStudentTemperature } from "./model/llamaStudent";
export type { LlamaStudentSession } from "./decoding/llamaStudentSession";
export { loadWorkerStudent, resolveWorkerEntry, WorkerStudent, type WorkerEntry, type WorkerStudentOptions } from "./worker/workerStudent";
export { defaultMaxContextSize, defaultStudentThreads, maxStudentSequences, type DownloadProgress, type StudentGpu, type StudentModelOptions } from "./model/studentModelOptions";
export { isModelUri } from "./model/resolveStudentModelFile";
export { GrammarError, type GrammarProblem } from "./model/grammarError";
