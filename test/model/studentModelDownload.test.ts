// Downloading a chosen student from the catalog: node-llama-cpp's real downloader against a real HTTP server
// on loopback serving a local GGUF, with the failures a network brings (a cut connection, a cancel, a file
// cut short upstream, nothing listening). The model is stories260K padded to 12 MB, so that the downloader's
// 5 MiB chunks leave something to resume.
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AbortError } from "../../src/relay";
import { downloadStudentModel, estimateStudentFit, StudentDownloadError } from "../../src/student/catalog";
import type { DownloadProgress } from "../../src/student";
import { GgufServer } from "../support/ggufServer";
import { HuggingFaceMirror } from "../support/huggingFaceMirror";
import { qwen3Shapes, writeQwen3ShapedGguf } from "../support/qwen3ShapedGguf";
import { requireSharedModels, studentModelPath } from "../support/paths";

const chunk = 5 * 1024 * 1024;

describe("downloading a catalog student from a URL", () => {
    let source: string;
    let server: GgufServer;

    before(async () => {
        requireSharedModels();
        source = join(mkdtempSync(join(tmpdir(), "relay-source-")), "padded.gguf");
        copyFileSync(studentModelPath, source);
        appendFileSync(source, Buffer.alloc(11_000_000));
        server = await GgufServer.start(source);
    });
    after(() => server.close());

    const rangeStarts = (from: number): number[] => server.requests.slice(from).flatMap(({ range }) => (range ? [Number(/^bytes=(\d+)-/.exec(range)![1])] : []));

    it("downloads with progress into the models directory, and reuses the whole file the next time", async () => {
        server.mode = "whole";
        const directory = freshDirectory();
        const progress: DownloadProgress[] = [];
        const path = await downloadStudentModel(server.url, { directory, onProgress: (event) => progress.push(event) });
        assert.deepEqual(readFileSync(path), readFileSync(source));
        assert.equal(progress.at(-1)?.downloadedSize, progress.at(-1)?.totalSize);
        const before = server.requests.length;
        assert.equal(await downloadStudentModel(server.url, { directory }), path);
        assert.deepEqual(rangeStarts(before), [], "no data is fetched again");
    });

    it("a connection cut midway is resumed from the last whole chunk, not restarted", async () => {
        server.mode = "cut";
        server.stopAt = chunk + 1_000_000;
        const before = server.requests.length;
        const path = await downloadStudentModel(server.url, { directory: freshDirectory() });
        assert.deepEqual(readFileSync(path), readFileSync(source));
        const starts = rangeStarts(before);
        assert.ok(starts.length > new Set(starts).size, `the cut range was asked for again: ${starts}`);
        assert.ok(!starts.slice(new Set(starts).size).includes(0) || starts.filter((start) => start === 0).length === 1, "the first chunk was not fetched twice");
    });

    // A hung cancel fails here instead of holding the whole suite.
    it("a cancelled download keeps its progress and the next download resumes it", { timeout: 60_000 }, async () => {
        server.mode = "slow";
        server.stopAt = 2 * chunk + 500_000;
        const directory = freshDirectory();
        const abort = new AbortController();
        await assert.rejects(
            downloadStudentModel(server.url, {
                directory,
                signal: abort.signal,
                // Cancelled in the slow part, once the downloader has written its progress file.
                onProgress: ({ downloadedSize }) => downloadedSize > server.stopAt! && existsSync(join(directory, "model.gguf.ipull")) && abort.abort(),
            }),
            AbortError,
        );
        assert.deepEqual(readdirSync(directory), ["model.gguf.ipull"], "the partial file is kept, and is not a model file");
        server.mode = "whole";
        const before = server.requests.length;
        const path = await downloadStudentModel(server.url, { directory });
        assert.deepEqual(readFileSync(path), readFileSync(source));
        const starts = rangeStarts(before);
        assert.ok(starts.length > 0 && starts.every((start) => start >= chunk), `resumed, not restarted: ranges from ${starts}`);
    });

    it("a file cut short upstream is refused and deleted, never cached", async () => {
        server.mode = "truncated";
        server.stopAt = 600_000; // inside stories260K's tensor data
        const directory = freshDirectory();
        await assert.rejects(downloadStudentModel(server.url, { directory }), (error: unknown) => error instanceof StudentDownloadError && error.failure === "broken");
        assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith(".gguf")), []);
    });

    it("a server that cannot be reached is an offline failure", async () => {
        const gone = await GgufServer.start(source);
        const url = gone.url;
        await gone.close();
        const directory = freshDirectory();
        await assert.rejects(downloadStudentModel(url, { directory }), (error: unknown) => error instanceof StudentDownloadError && error.failure === "offline");
        assert.ok(!existsSync(join(directory, "model.gguf")));
    });
});

// `hf:` URIs through HF_ENDPOINT, as a person behind a mirror sets it (and as the e2e points the extension at loopback).
describe("a catalog student from a Hugging Face mirror (HF_ENDPOINT)", () => {
    let mirror: HuggingFaceMirror;
    let source: string;
    let saved: string | undefined;

    before(async () => {
        requireSharedModels();
        const folder = mkdtempSync(join(tmpdir(), "relay-mirror-"));
        source = join(folder, "stories260K-Q8_0.gguf");
        copyFileSync(studentModelPath, source);
        mirror = await HuggingFaceMirror.start();
        mirror.add("relayllm-test/stories260K-GGUF", "Q8_0", source);
        const shaped = join(folder, "Qwen3-8B-Q8_0.gguf");
        writeQwen3ShapedGguf(shaped, "Qwen3 8B", qwen3Shapes["8B"], "Q8_0");
        mirror.add("Qwen/Qwen3-8B-GGUF", "Q8_0", shaped);
        saved = process.env.HF_ENDPOINT;
        process.env.HF_ENDPOINT = mirror.endpoint;
    });
    after(async () => {
        if (saved === undefined) delete process.env.HF_ENDPOINT;
        else process.env.HF_ENDPOINT = saved;
        await mirror.close();
    });

    it("downloads an hf: URI from the mirror under node-llama-cpp's name for it", async () => {
        const directory = freshDirectory();
        const path = await downloadStudentModel("hf:relayllm-test/stories260K-GGUF:Q8_0", { directory });
        assert.equal(path, join(directory, "hf_relayllm-test_stories260K.Q8_0.gguf"));
        assert.deepEqual(readFileSync(path), readFileSync(source));
        assert.ok(mirror.server.requests.some(({ path: requested }) => requested === "/v2/relayllm-test/stories260K-GGUF/manifests/Q8_0"), "the manifest came from the mirror");
    });

    it("estimates size and fit from a remote header alone, and an unknown repository is 'unknown', not 'offline'", async () => {
        const machine = { vramFree: 0, ramTotal: 64 * 1024 ** 3 };
        const fit = await estimateStudentFit("hf:Qwen/Qwen3-8B-GGUF:Q8_0", 4096, machine);
        assert.equal(fit.fit, "cpu");
        // Qwen3-8B-Q8_0.gguf upstream is 8.71 GB; the stand-in's tensors take the same bytes.
        assert.ok(fit.size! > 8.6e9 && fit.size! < 8.8e9, `size ${fit.size}`);
        assert.equal((await estimateStudentFit("hf:Qwen/Qwen3-8B-GGUF:Q8_0", 4096, { vramFree: 0, ramTotal: 8 * 1024 ** 3 })).fit, "tooLarge");
        assert.deepEqual(await estimateStudentFit("hf:nobody/nothing-GGUF:Q8_0", 4096, machine), { fit: "unknown" });
    });
});

function freshDirectory(): string {
    return mkdtempSync(join(tmpdir(), "relay-models-"));
}
