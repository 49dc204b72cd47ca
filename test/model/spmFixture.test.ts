// The toy trainer's Python SentencePiece tokenizer (training/relaygrpo/spm.py) is checked against a fixture of
// node-llama-cpp's tokens (training/tests/test_spm.py); this test keeps that fixture honest: it must be exactly what
// node-llama-cpp gives today. RELAYLLM_WRITE_FIXTURES=1 rewrites it instead.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { cpuLlama } from "../../src/testbed";
import { spmFixtureCases } from "../support/spmFixture";
import { projectRoot, requireSharedModels, studentModelPath } from "../support/paths";

const fixturePath = join(projectRoot, "test", "fixtures", "relay-rollout", "spm-stories260K.json");

it("the SPM fixture is node-llama-cpp's tokenization of stories260K", async () => {
    requireSharedModels();
    const llama = await cpuLlama();
    const model = await llama.loadModel({ modelPath: studentModelPath });
    try {
        const now = { model: "stories260K.gguf", bos: Number(model.tokens.bos), cases: spmFixtureCases(model) };
        if (process.env.RELAYLLM_WRITE_FIXTURES === "1") writeFileSync(fixturePath, JSON.stringify(now, null, 1) + "\n");
        assert.deepEqual(JSON.parse(readFileSync(fixturePath, "utf8")), now);
    } finally {
        await model.dispose();
    }
});
