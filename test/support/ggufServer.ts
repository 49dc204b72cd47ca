import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * How the loopback model server answers a GET: `whole` serves the file (honouring `Range`), `cut` drops the
 * connection at `stopAt` once and then serves again (an interrupted download), `truncated` serves only the
 * bytes before `stopAt` as if they were the whole file (a broken upload), `slow` sends the bytes before
 * `stopAt` and then trickles the rest (a download to cancel). `cut` and `slow` apply to ranged requests only:
 * the downloader's data requests, not its first look at the file's size.
 */
export type GgufServerMode = "whole" | "cut" | "truncated" | "slow";

/** Answers a request no served file matches (a mirror's API); returns false to leave it to the 404. */
export type GgufServerRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

/** A real HTTP server on 127.0.0.1 serving local GGUFs at paths of its own, the way model URLs are served on the internet. */
export class GgufServer {
    mode: GgufServerMode = "whole";
    /** Where `cut` drops the connection (once), `slow` slows down and `truncated` ends the file: a byte offset. Default: half the file. */
    stopAt: number | undefined;
    private cutDone = false;
    /** Every request's method, path and `Range` header, in order. */
    readonly requests: Array<{ method: string; path: string; range: string | undefined }> = [];
    private readonly server: Server;
    private readonly files = new Map<string, { file: string; size: number }>();

    private constructor(readonly name: string, private readonly route?: GgufServerRoute) {
        this.server = createServer((request, response) => this.answer(request, response));
    }

    /** Serves `file` at `/<name>`; `route` answers anything else first. */
    static async start(file: string | undefined, name = "model.gguf", route?: GgufServerRoute): Promise<GgufServer> {
        const server = new GgufServer(name, route);
        if (file !== undefined) server.serve(`/${name}`, file);
        await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
        return server;
    }

    /** Serves `file` at `path` (from `/`) too. */
    serve(path: string, file: string): void {
        this.files.set(path, { file, size: statSync(file).size });
    }

    /** `http://127.0.0.1:<port>`. */
    get origin(): string {
        const address = this.server.address();
        if (!address || typeof address !== "object") throw new Error("the server is not listening");
        return `http://127.0.0.1:${address.port}`;
    }

    /** The model's URL: `http://127.0.0.1:<port>/<name>`. */
    get url(): string {
        return `${this.origin}/${this.name}`;
    }

    close(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    private answer(request: IncomingMessage, response: ServerResponse): void {
        const path = request.url?.split("?")[0] ?? "";
        this.requests.push({ method: request.method ?? "GET", path, range: request.headers.range });
        const served = this.files.get(path);
        if (!served) {
            if (!this.route?.(request, response)) response.writeHead(404).end();
            return;
        }
        const { file, size } = served;
        const total = this.mode === "truncated" ? this.stopAt ?? Math.floor(size / 2) : size;
        const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
        const start = range ? Number(range[1]) : 0;
        const end = range && range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
        const headers = { "Content-Type": "application/octet-stream", "Accept-Ranges": "bytes", "Content-Length": end - start + 1, ...(range ? { "Content-Range": `bytes ${start}-${end}/${total}` } : {}) };
        response.writeHead(range ? 206 : 200, headers);
        if (request.method === "HEAD") return void response.end();
        const stopAt = Math.min(end + 1, Math.max(start, this.stopAt ?? Math.floor(size / 2)));
        if (this.mode === "whole" || this.mode === "truncated" || (this.mode === "cut" && this.cutDone) || !range) return void createReadStream(file, { start, end }).pipe(response);
        const body = stopAt > start ? createReadStream(file, { start, end: stopAt - 1 }) : undefined;
        if (this.mode === "cut") {
            this.cutDone = true;
            if (!body) return void response.destroy();
            body.on("end", () => response.destroy()).pipe(response, { end: false });
        } else {
            // After `stopAt` the rest trickles (64 KiB every 100 ms), so a cancel meets a live transfer, as it does on a slow network.
            const trickle = (from: number): void => {
                if (from > end || response.destroyed) return void response.end();
                const to = Math.min(end, from + 64 * 1024 - 1);
                createReadStream(file, { start: from, end: to }).on("end", () => setTimeout(() => trickle(to + 1), 100)).pipe(response, { end: false });
            };
            if (body) body.on("end", () => trickle(stopAt)).pipe(response, { end: false });
            else trickle(stopAt);
        }
    }
}
