import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { projectRoot } from "../support/paths";

it("the relay engine imports no vscode, node-llama-cpp or openai", () => {
    const dir = join(projectRoot, "src", "relay");
    const offenders = readdirSync(dir)
        .filter((name) => name.endsWith(".ts"))
        .filter((name) => /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](?:vscode|node-llama-cpp|openai)(?:\/[^"']*)?["']/.test(readFileSync(join(dir, name), "utf8")));
    assert.deepEqual(offenders, []);
});
