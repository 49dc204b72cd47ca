import { spawn, type ChildProcess } from "node:child_process";
import { cliPath } from "./paths";

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Extras for {@link cli}. */
export interface CliOptions {
    /** Written to the CLI's standard input, which is then closed. Default: nothing (stdin closed at once). */
    input?: string | Buffer;
    /** Called once the CLI process is started (tests watch its output or its worker with it). */
    onStart?: (child: ChildProcess) => void;
}

/** Runs the built `relayllm` CLI (dist/cli.js) in a child process, colour off, and collects its output. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}, options: CliOptions = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, NO_COLOR: "1", ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        // A CLI that exits before reading all of its input must not fail the test with EPIPE.
        child.stdin.on("error", () => {});
        child.stdin.end(options.input);
        options.onStart?.(child);
    });
}
