import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Everything the Relay output channel wrote so far under `userDataDir`, over all extension-host sessions (a reload starts exthost2, …). */
export function readRelayLog(userDataDir: string): string {
    const logs = join(userDataDir, "logs");
    if (!existsSync(logs)) return "";
    const out: string[] = [];
    for (const session of readdirSync(logs)) {
        for (const hostName of readdirSync(join(logs, session)).filter((name) => /^exthost\d+$/.test(name)).sort()) {
            const host = join(logs, session, hostName);
            for (const dir of readdirSync(host).filter((name) => name.startsWith("output_logging"))) {
                for (const file of readdirSync(join(host, dir)).filter((name) => name.endsWith("-Relay.log"))) out.push(readFileSync(join(host, dir, file), "utf8"));
            }
        }
    }
    return out.join("\n");
}

/** Polls the Relay log until `pattern` matches; returns the match. */
export async function waitForRelayLog(userDataDir: string, pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const match = pattern.exec(readRelayLog(userDataDir));
        if (match) return match[0];
        if (Date.now() > deadline) throw new Error(`the Relay log never matched ${pattern}; it holds:\n${readRelayLog(userDataDir)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}
