import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot, studentModelPath } from "../../support/paths";

/** Builds the linux-x64 VSIX exactly as `npm run package` does, into `outDir`; returns its path. */
export async function buildRelayVsix(outDir: string): Promise<string> {
    // A computed URL keeps TypeScript from resolving the untyped .mjs script.
    const script = pathToFileURL(join(projectRoot, "scripts", "package.mjs")).href;
    const { packageTarget } = (await import(script)) as { packageTarget: (target: string, outDir: string) => { out: string } };
    return packageTarget("linux-x64", outDir).out;
}

/**
 * User settings for the tests: the tiny real student (greedy, one thread) made to write one `<call>` by
 * the example grammar, learned mode, short answers.
 */
export function relayStudentSettings(): Record<string, unknown> {
    return {
        "relay.student.model": studentModelPath,
        "relay.student.threads": 1,
        "relay.student.gpu": false,
        "relay.student.temperature": 0,
        "relay.student.grammarFile": join(projectRoot, "examples", "grammars", "call-once.gbnf"),
        "relay.mode": "learned",
        "relay.limits.maxTokens": 160,
    };
}
