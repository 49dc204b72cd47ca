import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { fitLabel, fitOf, huggingFaceEndpoint, isNetworkUnreachable, quantizationOf, recommendedStudents, sizeLabel } from "../../src/student/catalog";
import { projectRoot } from "../support/paths";

const GB = 1024 ** 3;

describe("the student catalog", () => {
    it("lists only model ids and quantizations from node-llama-cpp's recommended-models list", () => {
        const upstream = readFileSync(join(projectRoot, "node_modules", "node-llama-cpp", "dist", "cli", "recommendedModels.js"), "utf8");
        for (const uri of recommendedStudents.flatMap((student) => student.uris)) assert.ok(upstream.includes(`"${uri}"`), `${uri} is not in node-llama-cpp's list`);
        assert.equal(quantizationOf("hf:Qwen/Qwen3-4B-GGUF:Q4_K_M"), "Q4_K_M");
        assert.equal(quantizationOf("https://example.com/x.gguf"), undefined);
    });

    it("labels a model that fits in free VRAM as fitting on the GPU, else by RAM", () => {
        const estimate = { gpu: { vram: 4 * GB, ram: 0.5 * GB }, cpu: { ram: 4.5 * GB } };
        assert.equal(fitLabel(fitOf(estimate, { vramFree: 8 * GB, ramTotal: 16 * GB })), "fits on GPU");
        assert.equal(fitLabel(fitOf(estimate, { vramFree: 4 * GB, ramTotal: 16 * GB })), "CPU only");
        assert.equal(fitLabel(fitOf(estimate, { vramFree: 0, ramTotal: 16 * GB })), "CPU only");
        assert.equal(fitLabel(fitOf(estimate, { vramFree: 0, ramTotal: 4 * GB })), "too large");
        assert.equal(fitLabel("offline"), "fit unknown (offline)");
    });

    it("shows sizes in binary units and says when one is unknown", () => {
        assert.equal(sizeLabel(639 * 1024 ** 2), "639 MB");
        assert.equal(sizeLabel(4.3 * GB), "4.3 GB");
        assert.equal(sizeLabel(undefined), "size unknown");
    });

    it("tells an unreachable network by the error codes in the cause chain", () => {
        assert.ok(isNetworkUnreachable(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ENOTFOUND" }) })));
        assert.ok(isNetworkUnreachable(new AggregateError([Object.assign(new Error("y"), { code: "ECONNREFUSED" })])));
        assert.ok(!isNetworkUnreachable(Object.assign(new Error("z"), { code: "ENOSPC" })));
    });

    it("asks the same host node-llama-cpp downloads hf: models from: MODEL_ENDPOINT, then HF_ENDPOINT, else Hugging Face", async () => {
        // node-llama-cpp's own resolver, which it does not export: the reachability check must not drift from it.
        const upstream = pathToFileURL(join(projectRoot, "node_modules", "node-llama-cpp", "dist", "utils", "modelDownloadEndpoints.js")).href;
        const { resolveHuggingFaceEndpoint } = (await import(upstream)) as { resolveHuggingFaceEndpoint: () => string };
        const saved = { MODEL_ENDPOINT: process.env.MODEL_ENDPOINT, HF_ENDPOINT: process.env.HF_ENDPOINT };
        const cases: Array<[string | undefined, string | undefined]> = [
            [undefined, undefined], [undefined, "http://127.0.0.1:8123"], [undefined, "https://hf-mirror.com/"], ["http://models.lan/", "http://127.0.0.1:8123"],
            [undefined, "not a url"], [undefined, "ftp://mirror/"], ["", "HTTP://Mirror.Example/base"],
        ];
        try {
            for (const [model, hf] of cases) {
                for (const [key, value] of [["MODEL_ENDPOINT", model], ["HF_ENDPOINT", hf]] as const) {
                    if (value === undefined) delete process.env[key];
                    else process.env[key] = value;
                }
                assert.equal(huggingFaceEndpoint(), resolveHuggingFaceEndpoint(), `MODEL_ENDPOINT=${model} HF_ENDPOINT=${hf}`);
            }
        } finally {
            for (const [key, value] of Object.entries(saved)) {
                if (value === undefined) delete process.env[key];
                else process.env[key] = value;
            }
        }
    });
});
