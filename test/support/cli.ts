import { spawn } from "node:child_process";
import { cliPath } from "./paths";

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the built `relayllm` CLI (dist/cli.js) in a child process, colour off, and collects its output. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, NO_COLOR: "1", ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
