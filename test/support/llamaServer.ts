import { startTeacherServer, type TeacherServer, type TeacherServerOptions } from "../../src/testbed/teacherServer";
import { teacherModelPath } from "./paths";

export { freeLoopbackPort } from "../../src/testbed/teacherServer";

/** How to start the test teacher server: the test bed's teacher server, serving the shared test model by default. */
export interface LlamaServerOptions extends Omit<TeacherServerOptions, "model" | "binary"> {
    /** GGUF to serve. Default: `teacherModelPath` (TinyStories 656K, trained context 512). */
    modelPath?: string;
}

/** A running llama-server on 127.0.0.1. */
export type LlamaServer = TeacherServer;

/** Starts a REAL llama.cpp llama-server serving the test teacher model (30 s to become healthy), and waits until `/health` says 200. */
export function startLlamaServer({ modelPath, ...options }: LlamaServerOptions = {}): Promise<LlamaServer> {
    return startTeacherServer({ startupTimeoutMs: 30_000, ...options, model: modelPath ?? teacherModelPath });
}
