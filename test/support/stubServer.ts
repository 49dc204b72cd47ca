import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A STUB loopback HTTP server for parties that cannot exist otherwise (hostile, stalled, broken servers): `handle` answers each request once its body is read. */
export interface StubServer {
    /** `http://127.0.0.1:<port>/v1`. */
    baseURL: string;
    close(): void;
}

export async function startStubServer(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<StubServer> {
    const server = createServer(async (request, response) => {
        for await (const _ of request);
        handle(request, response);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return {
        baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        close() {
            server.closeAllConnections();
            server.close();
        },
    };
}

/** One streamed /v1/completions event. */
export function completionChunk(text: string, finish: string | null = null): string {
    return `data: ${JSON.stringify({ choices: [{ text, finish_reason: finish }] })}\n\n`;
}
