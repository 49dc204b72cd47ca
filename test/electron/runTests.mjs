#!/usr/bin/env node
// `npm run test:electron`: the same extension in desktop VS Code via @vscode/test-electron, for machines
// with internet (it downloads VS Code at test time, which cannot work on the offline CI; there the
// code-server end-to-end tests in test/e2e/ are the real-VS-Code tests).
import { runTests } from "@vscode/test-electron";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
try {
    await runTests({
        extensionDevelopmentPath: root,
        extensionTestsPath: join(root, "test", "electron", "suite.cjs"),
        launchArgs: ["--disable-extensions", "--user-data-dir", mkdtempSync(join(tmpdir(), "relay-electron-")), mkdtempSync(join(tmpdir(), "relay-ws-"))],
        extensionTestsEnv: { RELAYLLM_STUDENT_MODEL: join(root, "..", "shared", "models", "stories260K.gguf") },
    });
} catch (error) {
    console.error(`test:electron: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
}
