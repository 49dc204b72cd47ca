// The real download path of the student (node-llama-cpp's resolveModelFile), exercised offline: the
// shared GGUF is served by a real HTTP server on loopback, the way a model URL is served on the internet.
import assert from "node:assert/strict";
import { createReadStream, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModelLoadError } from "../../src/relay";
import { loadWorkerStudent, type DownloadProgress } from "../../src/student";
import { requireSharedModels, studentModelPath, studentWorkerPath } from "../support/paths";

describe("student model download from a URL", () => {
    let server: Server;
    let base: string;
    let requests = 0;

    before(async () => {
        requireSharedModels();
        server = createServer((request, response) => {
            requests++;
            if (request.url !== "/models/stories260K.gguf") {
                response.writeHead(404).end();
                return;
            }
            response.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": statSync(studentModelPath).size });
            createReadStream(studentModelPath).pipe(response);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const address = server.address();
        assert.ok(address && typeof address === "object");
        base = `http://127.0.0.1:${address.port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("downloads with progress into the models directory, then loads and solves from the cache", async () => {
        const modelsDirectory = mkdtempSync(join(tmpdir(), "relay-models-"));
        const progress: DownloadProgress[] = [];
        const student = await loadWorkerStudent({ model: `${base}/models/stories260K.gguf`, modelsDirectory, threads: 1, gpu: false, workerPath: studentWorkerPath, onDownloadProgress: (event) => progress.push(event) });
        try {
            const session = await student.startSession({ messages: [{ role: "user", content: "Once upon a time" }], temperature: 0 });
            const turn = await session.generate({ maxTokens: 8 });
            assert.ok(turn.tokens > 0);
            await session.dispose();
        } finally {
            await student.dispose();
        }
        const files = readdirSync(modelsDirectory).filter((name) => name.endsWith(".gguf"));
        assert.equal(files.length, 1);
        assert.equal(statSync(join(modelsDirectory, files[0]!)).size, statSync(studentModelPath).size);
        assert.ok(progress.length > 0, "download progress reported");
        assert.equal(progress[progress.length - 1]!.downloadedSize, statSync(studentModelPath).size);

        const before = requests;
        const again = await loadWorkerStudent({ model: `${base}/models/stories260K.gguf`, modelsDirectory, threads: 1, gpu: false, workerPath: studentWorkerPath });
        await again.dispose();
        assert.ok(requests - before <= 1, "the cached file is reused (at most a metadata request)");
    });

    it("a URL that cannot be downloaded is one clear ModelLoadError naming it", async () => {
        const modelsDirectory = mkdtempSync(join(tmpdir(), "relay-models-"));
        await assert.rejects(
            loadWorkerStudent({ model: `${base}/models/missing.gguf`, modelsDirectory, threads: 1, gpu: false, workerPath: studentWorkerPath }),
            (error: unknown) => error instanceof ModelLoadError && error.message.includes("/models/missing.gguf"),
        );
        assert.ok(!readdirSync(modelsDirectory).some((name) => name.endsWith(".gguf") && existsSync(join(modelsDirectory, name))));
    });
});
