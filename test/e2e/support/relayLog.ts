import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pollFor } from "../../support/waitFor";

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
    const log = await pollFor(() => readRelayLog(userDataDir), (text) => pattern.test(text), { timeoutMs, intervalMs: 250, failure: (text) => `the Relay log never matched ${pattern}; it holds:\n${text}` });
    return pattern.exec(log)![0];
}
