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
import { downloadStudentModel, StudentDownloadError } from "../../src/student/catalog";
import type { DownloadProgress } from "../../src/student";
import { GgufServer } from "../support/ggufServer";
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

    const freshDirectory = (): string => mkdtempSync(join(tmpdir(), "relay-models-"));
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
