import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot, teacherModelPath } from "./paths";

/** How to start the test teacher server. */
export interface LlamaServerOptions {
    /** GGUF to serve. Default: `teacherModelPath` (TinyStories 656K, trained context 512). */
    modelPath?: string;
    /** Context size in tokens. Default 512 (all the test model allows). */
    contextSize?: number;
    /** CPU threads for decoding and batches. Default 1 (2-core machines: never the automatic count). */
    threads?: number;
    /** Sampling seed of the server's default parameters. Default 42. */
    seed?: number;
    /** Longest wait for `/health` to answer 200, in milliseconds. Default 30000. */
    startupTimeoutMs?: number;
    /** More command-line arguments, appended last. Default none. */
    extraArgs?: readonly string[];
}

/** A running llama-server on 127.0.0.1. */
export interface LlamaServer {
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
}

type EnsureLlamaServer = (options?: { log?: (line: string) => void }) => string;

/** The llama-server binary, built once by scripts/ensure-llama-server.mjs and cached outside the repository. */
async function llamaServerBinary(): Promise<string> {
    // A computed URL keeps TypeScript from resolving the untyped .mjs script.
    const script = pathToFileURL(join(projectRoot, "scripts", "ensure-llama-server.mjs")).href;
    const { ensureLlamaServer } = (await import(script)) as { ensureLlamaServer: EnsureLlamaServer };
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

/** Starts a REAL llama.cpp llama-server serving the test teacher model, and waits until `/health` says 200. */
export async function startLlamaServer(options: LlamaServerOptions = {}): Promise<LlamaServer> {
    const binary = await llamaServerBinary();
    const port = await freeLoopbackPort();
    const args = [
        "--model", options.modelPath ?? teacherModelPath,
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
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    const lines: string[] = [];
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
        lines.push(...text.split("\n").filter((line) => line !== ""));
        if (lines.length > tailLines) lines.splice(0, lines.length - tailLines);
    });
    const tail = () => lines.join("\n");
    // A test that crashes must not leave the server running.
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
        await waitForHealth(child, port, Date.now() + (options.startupTimeoutMs ?? 30_000), tail);
    } catch (error) {
        await stop();
        throw error;
    }
    return { baseURL: `http://127.0.0.1:${port}/v1`, port, stop, kill, pause, resume, stderrTail: tail };
}
