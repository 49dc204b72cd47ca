import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fitLabel, fitOf, isNetworkUnreachable, quantizationOf, recommendedStudents, sizeLabel } from "../../src/student/catalog";
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
});
