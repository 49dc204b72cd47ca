// The built extension bundle (dist/extension.js, from `npm test`'s build) loads in plain Node with nothing
// but the `vscode` module missing: every other require in it resolves. A dependency whose UMD entry loads
// its parts with a runtime require() (jsonc-parser's did) bundles cleanly and then fails only at activation.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../support/paths";

const bundle = join(projectRoot, "dist", "extension.js");
const openAiBundle = join(projectRoot, "dist", "openai.js");

describe("the extension bundle", () => {
    it("loads outside VS Code with only `vscode` stubbed, exports activate and deactivate, and leaves the openai SDK unloaded", { skip: !existsSync(bundle) && "dist/extension.js not built (npm test builds it)" }, () => {
        const script = `
            const Module = require("node:module");
            const load = Module._load;
            const anything = new Proxy(function () {}, { get: () => anything, apply: () => anything, construct: () => anything });
            Module._load = function (request, ...rest) { return request === "vscode" ? anything : load.call(this, request, ...rest); };
            const extension = require(${JSON.stringify(bundle)});
            const sdk = ${JSON.stringify(openAiBundle)};
            // Activation time: the openai SDK waits in its own bundle until a teacher is first called.
            const sdkAtLoad = sdk in require.cache;
            process.stdout.write([typeof extension.activate, typeof extension.deactivate, sdkAtLoad, typeof require(sdk).OpenAI].join(" "));
        `;
        assert.equal(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }), "function function false function");
    });
});
