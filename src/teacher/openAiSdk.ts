import type * as OpenAiExports from "./openAiExports";

let sdk: typeof OpenAiExports | undefined;

/**
 * The openai SDK, loaded on first use: it is half of the extension's code (built apart into dist/openai.js), and
 * VS Code counts everything the bundle's top level loads as activation time, while the SDK is first needed by a
 * solve that calls a teacher. The CLI bundles it inline; either way one module instance, so `instanceof` holds.
 */
export function openAiSdk(): typeof OpenAiExports {
    // A plain require (not import()) keeps the teacher's constructor synchronous; esbuild resolves it at build time.
    sdk ??= require("./openAiExports") as typeof OpenAiExports;
    return sdk;
}
