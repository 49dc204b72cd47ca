import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "./projectPaths";

/** A llama-server serving one GGUF on 127.0.0.1. */
export interface TeacherServer {
    /** OpenAI-compatible base URL, `http://127.0.0.1:<port>/v1`. */
    baseURL: string;
    /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
    stop(): Promise<void>;
}

export interface TeacherServerOptions {
    model: string;
    /** The llama-server binary; default `RELAYLLM_LLAMA_SERVER`, else the one scripts/ensure-llama-server.mjs builds (once) into the cache. */
    binary?: string;
    /** Default 1 (2-core machines). */
    threads?: number;
    /** Default 512. */
    contextSize?: number;
    /** Default 42. */
    seed?: number;
}

/** The llama-server binary: the given one, `RELAYLLM_LLAMA_SERVER`, or scripts/ensure-llama-server.mjs's (built once from node-llama-cpp's llama.cpp source). */
export async function llamaServerBinary(explicit?: string): Promise<string> {
    if (explicit) return explicit;
    const script = pathToFileURL(join(projectRoot(), "scripts", "ensure-llama-server.mjs")).href;
    const { ensureLlamaServer } = (await import(script)) as { ensureLlamaServer: (options?: { log?: (line: string) => void }) => string };
    return ensureLlamaServer();
}

async function freePort(): Promise<number> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    server.close();
    await once(server, "close");
    if (address === null || typeof address === "string") throw new Error("could not pick a free loopback port");
    return address.port;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Starts llama-server on a free loopback port (log in a temporary file, never a pipe) and waits for `/health`. */
export async function startTeacherServer(options: TeacherServerOptions): Promise<TeacherServer> {
    const binary = await llamaServerBinary(options.binary ?? process.env.RELAYLLM_LLAMA_SERVER);
    const port = await freePort();
    const threads = String(options.threads ?? 1);
    const args = ["--model", options.model, "--host", "127.0.0.1", "--port", String(port), "--ctx-size", String(options.contextSize ?? 512),
        "--threads", threads, "--threads-batch", threads, "--threads-http", "2", "--parallel", "1", "--seed", String(options.seed ?? 42), "--no-warmup", "--no-webui"];
    const logDir = mkdtempSync(join(tmpdir(), "relayllm-teacher-"));
    const logPath = join(logDir, "llama-server.log");
    const fd = openSync(logPath, "w");
    let child: ChildProcess;
    try {
        child = spawn(binary, args, { stdio: ["ignore", "ignore", fd] });
    } finally {
        closeSync(fd);
    }
    const tail = () => {
        try {
            return readFileSync(logPath, "utf8").split("\n").slice(-15).join("\n");
        } catch {
            return "";
        }
    };
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => {
        process.removeListener("exit", killOnExit);
        rmSync(logDir, { recursive: true, force: true });
    });
    const stop = async () => {
        if (exited(child)) return;
        const gone = once(child, "exit");
        child.kill("SIGTERM");
        const forced = setTimeout(() => child.kill("SIGKILL"), 5000);
        await gone;
        clearTimeout(forced);
    };
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (exited(child)) throw new Error(`llama-server exited during startup (${child.exitCode ?? child.signalCode}):\n${tail()}`);
        try {
            const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
            if (response.status === 200) break;
        } catch {
            // Not listening yet.
        }
        if (Date.now() > deadline) {
            const why = tail();
            await stop();
            throw new Error(`llama-server did not report healthy on port ${port} within 60 s:\n${why}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { baseURL: `http://127.0.0.1:${port}/v1`, stop };
}
