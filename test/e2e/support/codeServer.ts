import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { projectRoot } from "../../support/paths";
import { pollFor, waitUntil } from "../../support/waitFor";

/** Paths printed by scripts/e2e/ensure-code-server.mjs. */
export interface CodeServerInstall {
    codeServerVersion: string;
    /** The VS Code OSS version code-server serves, e.g. "1.139.1". */
    vscodeVersion: string;
    /** Node 24 binary that runs code-server and its extension host. */
    node: string;
    /** code-server's entry script: `node entry …`. */
    entry: string;
    /** Debian's Chromium. */
    chromium: string;
}

/** How to start code-server. */
export interface CodeServerOptions {
    /** Extensions directory (created when missing); the VSIX is installed into it. */
    extensionsDir: string;
    /** VS Code user-data directory; should be fresh for each test file. `User/settings.json` is written into it. */
    userDataDir: string;
    /** Folder the workbench opens. */
    workspaceDir: string;
    /** User settings, written over `quietSettings` before start. Default none. */
    settings?: Record<string, unknown>;
    /** A VSIX to install (`--install-extension --force`) before start. Default none. */
    vsixPath?: string;
    /**
     * Keep Workspace Trust on: the folder then opens in Restricted Mode (a banner and a "Restricted Mode" status bar
     * item, no dialog) and extensions see `workspace.isTrusted === false`. Default false (`--disable-workspace-trust`: trusted).
     */
    workspaceTrust?: boolean;
    /** More environment for code-server and so for its extension host. Default none. */
    env?: Record<string, string>;
    /** Longest wait for the HTTP server, in milliseconds. Default 60000. */
    startupTimeoutMs?: number;
}

/** A running code-server on 127.0.0.1. */
export interface CodeServer {
    /** Workbench URL with the workspace folder: `http://127.0.0.1:<port>/?folder=<workspaceDir>`. */
    url: string;
    /** The last lines code-server wrote (its own log; the extension host logs under `<userDataDir>/logs/`). */
    logTail(): string;
    /** Stops code-server and everything it spawned (extension host, pty host, agent host): SIGTERM to its process group, SIGKILL after 5 s. */
    stop(): Promise<void>;
}

/**
 * Settings that keep first-run noise away from tests: no welcome page, no telemetry, no gallery look-ups
 * (there is no network), no recommendation or update prompts.
 */
export const quietSettings: Readonly<Record<string, unknown>> = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.ignoreRecommendations": true,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "git.openRepositoryInParentFolders": "never",
};

const execFileAsync = promisify(execFile);
const tailLines = 60;

type EnsureCodeServer = (options?: { log?: (line: string) => void }) => CodeServerInstall;

/** code-server, Node 24 and Chromium, installed once by scripts/e2e/ensure-code-server.mjs into the cache. */
export async function codeServerInstall(): Promise<CodeServerInstall> {
    // A computed URL keeps TypeScript from resolving the untyped .mjs script.
    const script = pathToFileURL(join(projectRoot, "scripts", "e2e", "ensure-code-server.mjs")).href;
    const { ensureCodeServer } = (await import(script)) as { ensureCodeServer: EnsureCodeServer };
    return ensureCodeServer();
}

/** Starts a REAL code-server (VS Code OSS) on a free loopback port and waits until it serves the workbench. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
    const install = await codeServerInstall();
    mkdirSync(options.extensionsDir, { recursive: true });
    mkdirSync(join(options.userDataDir, "User"), { recursive: true });
    mkdirSync(options.workspaceDir, { recursive: true });
    writeFileSync(join(options.userDataDir, "User", "settings.json"), JSON.stringify({ ...quietSettings, ...options.settings }, null, 4));
    // An empty config file of our own: otherwise code-server writes ~/.config/code-server/config.yaml.
    const config = join(options.userDataDir, "code-server.yaml");
    writeFileSync(config, "");
    const common = ["--config", config, "--user-data-dir", options.userDataDir, "--extensions-dir", options.extensionsDir];
    const env = { ...process.env, ...options.env };

    if (options.vsixPath !== undefined) {
        await execFileAsync(install.node, [install.entry, ...common, "--install-extension", options.vsixPath, "--force"], { env }).catch((error: Error & { stdout?: string }) => {
            throw new Error(`code-server could not install ${options.vsixPath}: ${error.message}${error.stdout ?? ""}`);
        });
    }

    const args = [install.entry, ...common, "--bind-addr", "127.0.0.1:0", "--auth", "none", "--disable-telemetry", "--disable-update-check",
        "--disable-getting-started-override", "--ignore-last-opened"];
    if (options.workspaceTrust !== true) args.push("--disable-workspace-trust");
    args.push(options.workspaceDir);
    // Its own process group, so stop() reaches the extension host and helpers that outlive a plain kill.
    const child = spawn(install.node, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    const logTail = () => lines.slice(-tailLines).join("\n");
    const origin = listeningOrigin(child, lines);
    // A test that forgets stop() (or throws before it) must neither hang on the server nor leave it behind.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as Socket | null)?.unref();
    const killOnExit = () => killGroup(child, "SIGKILL");
    process.once("exit", killOnExit);
    const stop = async () => {
        process.off("exit", killOnExit);
        await stopGroup(child);
    };
    try {
        const base = await withTimeout(origin, options.startupTimeoutMs ?? 60_000, () => `code-server did not start listening in time; log tail:\n${logTail()}`);
        await waitForHealthz(base, child, logTail);
        return { url: `${base}/?folder=${encodeURIComponent(options.workspaceDir)}`, logTail, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}

/** Resolves with `http://127.0.0.1:<port>` once code-server logs "HTTP server listening on …" (it picks the port itself with :0). */
function listeningOrigin(child: ChildProcess, lines: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
        const onData = (chunk: Buffer) => {
            for (const line of chunk.toString("utf8").split("\n")) {
                if (line.trim() === "") continue;
                lines.push(line);
                if (lines.length > 4 * tailLines) lines.splice(0, lines.length - tailLines);
                const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
                if (match) resolve(match[1]);
            }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        child.once("error", reject);
        child.once("exit", (code, signal) => reject(new Error(`code-server exited during startup (${code ?? signal}); log tail:\n${lines.slice(-tailLines).join("\n")}`)));
    });
}

async function waitForHealthz(base: string, child: ChildProcess, logTail: () => string): Promise<void> {
    const failure = () => `code-server at ${base} did not answer /healthz; log tail:\n${logTail()}`;
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    const healthy = async () => (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined))?.ok === true;
    const state = await pollFor(async () => (exited() ? "exited" : (await healthy()) ? "up" : "starting"), (now) => now !== "starting", { timeoutMs: 30_000, intervalMs: 200, failure });
    if (state === "exited") throw new Error(failure());
}

/** Signals code-server's process group; false once the group is gone. Signal 0 only asks whether it is there. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
    try {
        process.kill(-child.pid!, signal);
        return true;
    } catch {
        return false;
    }
}

async function stopGroup(child: ChildProcess): Promise<void> {
    killGroup(child, "SIGTERM");
    // The extension host deactivates extensions after code-server itself has gone; give it the same 5 s.
    // Whatever is left after 5 s is killed: a timeout here is no failure.
    await waitUntil(() => !killGroup(child, 0), 5000, "still running", 100).catch(() => undefined);
    killGroup(child, "SIGKILL");
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message())), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
