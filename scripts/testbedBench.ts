// What the test-bed scripts (testbed-comparison.ts, trained-student-table.ts) share: the bench flags their
// tables are measured with, so the README's two tables compare like with like, and how they run the CLI.
import { spawnSync } from "node:child_process";
import type { ConfidenceTriggerName } from "../src/relay/confidenceTrigger";

/** Greedy, answers of 32 tokens, 4 teacher tokens per confidence call, the default cooldown, one thread. */
export const TESTBED_BENCH_FLAGS = ["--grader", "exact", "--prompt-suffix", "", "--temperature", "0", "--max-tokens", "32", "--confidence-tokens", "4", "--confidence-cooldown", "16", "--threads", "1", "--seed", "0"];

/** `relayllm ARGS` through the built CLI (`cli`: dist/cli.js), waited for; its stderr shows, a failure throws. */
export function runRelayllm(cli: string, args: string[]): void {
    const result = spawnSync(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`relayllm ${args[0]} failed (${result.status ?? result.signal})`);
}

/** The value after `name` on this script's command line (`-- --out DIR`), else `fallback`. */
export function scriptFlag(name: string, fallback: string): string {
    const index = process.argv.indexOf(name);
    return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1]! : fallback;
}

/** Each trigger's thresholds, from "calls often" to "calls rarely" or the reverse; chosen to span the call ratio. */
export const SWEEP: Record<ConfidenceTriggerName, number[]> = {
    top1: [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99],
    entropy: [0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
    margin: [0.02, 0.05, 0.1, 0.2, 0.5, 0.8, 0.98],
    step: [0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
    random: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
};
