import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "./projectPaths";

/** How to start a llama-server (the test bed's teacher, the tests' teacher). */
export interface TeacherServerOptions {
    /** GGUF to serve. */
    model: string;
    /** The llama-server binary; default `RELAYLLM_LLAMA_SERVER`, else the one scripts/ensure-llama-server.mjs builds (once) into the cache. */
    binary?: string;
    /** Context size in tokens. Default 512. */
    contextSize?: number;
    /** CPU threads for decoding and batches. Default 1 (2-core machines: never the automatic count). */
    threads?: number;
    /** Sampling seed of the server's default parameters. Default 42. */
    seed?: number;
    /** Longest wait for `/health` to answer 200, in milliseconds. Default 60000. */
    startupTimeoutMs?: number;
    /** More command-line arguments, appended last. Default none. */
    extraArgs?: readonly string[];
    /** File the server's log (its stderr) is written to, and kept. Default: a temporary file, removed once the server exits. */
    logPath?: string;
}

/** A running llama-server on 127.0.0.1. */
export interface TeacherServer {
    /** OpenAI-compatible base URL, `http://127.0.0.1:<port>/v1`. */
    baseURL: string;
    port: number;
    /** Asks the server to exit (SIGTERM), forcing it (SIGKILL) after 5 s; resolves once it is gone. */
    stop(): Promise<void>;
    /** Kills the server at once (SIGKILL), as a crash would; does not wait. */
    kill(): void;
    /** Freezes the server (SIGSTOP): connections are accepted by the kernel but nothing answers, as with a hung server. */
    pause(): void;
    /** Lets a paused server run again (SIGCONT). */
    resume(): void;
    /** The last lines the server wrote to stderr. */
    stderrTail(): string;
    /** Where the server's stderr goes while it runs (see `TeacherServerOptions.logPath`). */
    logPath: string;
}

/** The llama-server binary: the given one, `RELAYLLM_LLAMA_SERVER`, or scripts/ensure-llama-server.mjs's (built once from node-llama-cpp's llama.cpp source). */
export async function llamaServerBinary(explicit?: string): Promise<string> {
    if (explicit) return explicit;
    // A computed URL keeps TypeScript from resolving the untyped .mjs script (which also honours RELAYLLM_LLAMA_SERVER).
    const script = pathToFileURL(join(projectRoot(), "scripts", "ensure-llama-server.mjs")).href;
    const { ensureLlamaServer } = (await import(script)) as { ensureLlamaServer: (options?: { log?: (line: string) => void }) => string };
    return ensureLlamaServer();
}

/** A loopback port that was free a moment ago (nothing listens on it unless someone took it since). */
export async function freeLoopbackPort(): Promise<number> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    server.close();
    await once(server, "close");
    if (address === null || typeof address === "string") throw new Error("could not pick a free loopback port");
    return address.port;
}

const tailLines = 40;
const tailBytes = 16 * 1024;

/** The last `tailLines` lines of a log file (read from its last 16 KiB only: a long run's log is large). */
function readLogTail(path: string): string {
    let fd: number;
    try {
        fd = openSync(path, "r");
    } catch {
        return "";
    }
    try {
        const size = fstatSync(fd).size;
        const buffer = Buffer.alloc(Math.min(size, tailBytes));
        readSync(fd, buffer, 0, buffer.length, size - buffer.length);
        return buffer.toString("utf8").split("\n").filter((line) => line !== "").slice(-tailLines).join("\n");
    } finally {
        closeSync(fd);
    }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): boolean {
    return child.exitCode !== null || child.signalCode !== null;
}

async function waitForHealth(child: ChildProcess, port: number, deadline: number, tail: () => string): Promise<void> {
    while (Date.now() < deadline) {
        if (exited(child)) throw new Error(`llama-server exited during startup (${child.exitCode ?? child.signalCode}); stderr tail:\n${tail()}`);
        try {
            const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
            if (response.status === 200) return;
        } catch {
            // Not listening yet.
        }
        await sleep(100);
    }
    throw new Error(`llama-server did not report healthy on port ${port} in time; stderr tail:\n${tail()}`);
}

/** Starts llama-server on a free loopback port (its log in a file, never a pipe) and waits until `/health` says 200. */
export async function startTeacherServer(options: TeacherServerOptions): Promise<TeacherServer> {
    const binary = await llamaServerBinary(options.binary);
    const port = await freeLoopbackPort();
    const args = [
        "--model", options.model,
        "--host", "127.0.0.1",
        "--port", String(port),
        "--ctx-size", String(options.contextSize ?? 512),
        "--threads", String(options.threads ?? 1),
        "--threads-batch", String(options.threads ?? 1),
        "--threads-http", "2",
        // One slot gets the whole context; several would split the 512 tokens between them.
        "--parallel", "1",
        "--seed", String(options.seed ?? 42),
        "--no-warmup",
        "--no-webui",
        ...(options.extraArgs ?? []),
    ];
    // The log goes to a file, not a pipe: a pipe is drained only while this process's event loop runs, and a
    // caller blocked in spawnSync (a bench run) would let it fill; llama-server's logger then blocks and so does
    // every request (after about 90 requests at the default verbosity).
    const tempDir = options.logPath === undefined ? mkdtempSync(join(tmpdir(), "relayllm-llama-server-")) : undefined;
    const logPath = options.logPath ?? join(tempDir!, "llama-server.log");
    const logFd = openSync(logPath, "w");
    let child: ChildProcess;
    try {
        child = spawn(binary, args, { stdio: ["ignore", "ignore", logFd] });
    } finally {
        closeSync(logFd);
    }
    let finalTail: string | undefined;
    const tail = () => finalTail ?? readLogTail(logPath);
    child.once("exit", () => {
        finalTail = readLogTail(logPath);
        if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
    });
    // A caller that crashes must not leave the server running.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => process.removeListener("exit", killOnExit));

    const kill = () => {
        if (!exited(child)) child.kill("SIGKILL");
    };
    const pause = () => {
        if (!exited(child)) child.kill("SIGSTOP");
    };
    const resume = () => {
        if (!exited(child)) child.kill("SIGCONT");
    };
    const stop = async () => {
        if (exited(child)) return;
        const gone = once(child, "exit");
        resume();
        child.kill("SIGTERM");
        const forced = setTimeout(kill, 5000);
        await gone;
        clearTimeout(forced);
    };
    try {
        await waitForHealth(child, port, Date.now() + (options.startupTimeoutMs ?? 60_000), tail);
    } catch (error) {
        await stop();
        throw error;
    }
    return { baseURL: `http://127.0.0.1:${port}/v1`, port, stop, kill, pause, resume, stderrTail: tail, logPath };
}
