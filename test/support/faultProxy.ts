import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * What the proxy does with one completion request (`POST …/completions`); everything else (the probe's
 * `GET /v1/models`) always passes through untouched.
 */
export type Fault =
    /** Forwarded to the real server and back unchanged. */
    | { kind: "pass" }
    /** The connection is accepted and the request read, then nothing is ever sent. */
    | { kind: "stall" }
    /** The real server's answer, each streamed event held back `delayMs` first. */
    | { kind: "drip"; delayMs: number }
    /** An HTTP error answer, without asking the real server. */
    | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
    /**
     * The real server's events up to its `afterEvents`-th with text, then the socket is destroyed; a stream that
     * would end sooner is cut before its finishing event, so the cut is always mid-answer. Counting only events
     * with text matters: a cut before the first token is retried by the client (by design), and the retry, no
     * longer faulted, would succeed.
     */
    | { kind: "cut"; afterEvents: number }
    /** The real server's first `afterEvents` events, then a stream line that is not JSON, then the end. */
    | { kind: "invalid-json"; afterEvents: number }
    /** A login page with status 200 and `content-type: text/html`. */
    | { kind: "html" }
    /** The real server's answer with `text` put into the first event that carries text (commands, say). */
    | { kind: "inject"; text: string }
    /** A well-formed stream that ends at once: no text, `finish_reason: "stop"`. */
    | { kind: "empty" }
    /** The request's `max_tokens` is raised to `maxTokens` before the real server sees it: a server ignoring the limit. */
    | { kind: "overlong"; maxTokens: number };

/** One completion request the proxy received. */
export interface SeenRequest {
    path: string;
    body: Record<string, unknown>;
    /** The request's headers as received (where a client's API key travels). */
    headers: IncomingHttpHeaders;
    fault: Fault["kind"];
}

/** A loopback HTTP proxy in front of a real OpenAI-compatible server that plays scripted faults. */
export interface FaultProxy {
    /** `http://127.0.0.1:<port>/v1`. */
    baseURL: string;
    /** Faults for the next completion requests, in order; once used up, requests pass through. */
    queue(...faults: Fault[]): void;
    /** Drops faults queued but not played yet. */
    clear(): void;
    /** Completion requests received so far. */
    readonly requests: readonly SeenRequest[];
    /** Called when a completion request arrives (before its fault plays), e.g. to kill something mid-call. */
    onCompletionRequest?: (request: SeenRequest) => void;
    close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits an event stream into whole `data: …\n\n` events as they arrive. */
async function* sseEvents(upstream: IncomingMessage): AsyncGenerator<string> {
    let buffer = "";
    upstream.setEncoding("utf8");
    for await (const chunk of upstream) {
        buffer += chunk as string;
        for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
            yield buffer.slice(0, end + 2);
            buffer = buffer.slice(end + 2);
        }
    }
    if (buffer) yield buffer;
}

/** True for an event whose first choice carries text (completions) or content (chat). */
function hasText(event: string): boolean {
    if (!event.startsWith("data: ") || event.startsWith("data: [DONE]")) return false;
    try {
        const choice = (JSON.parse(event.slice(6)) as { choices?: Array<{ text?: string; delta?: { content?: string } }> }).choices?.[0];
        return Boolean(choice?.text || choice?.delta?.content);
    } catch {
        return false;
    }
}

/** True for the event that ends a stream: `[DONE]`, or a choice with its finish reason. */
function finishes(event: string): boolean {
    if (!event.startsWith("data: ")) return false;
    if (event.startsWith("data: [DONE]")) return true;
    try {
        const value = JSON.parse(event.slice(6)) as { choices?: Array<{ finish_reason?: string | null }> };
        return value.choices?.some((choice) => choice.finish_reason != null) ?? false;
    } catch {
        return false;
    }
}

/** Puts `text` into an event's first choice text (completions) or delta content (chat); undefined if it has none. */
function injectInto(event: string, text: string): string | undefined {
    if (!event.startsWith("data: ") || event.startsWith("data: [DONE]")) return undefined;
    const value = JSON.parse(event.slice(6)) as { choices?: Array<{ text?: string; delta?: { content?: string } }> };
    const choice = value.choices?.[0];
    if (!choice) return undefined;
    if (typeof choice.text === "string" && choice.text !== "") choice.text = text + choice.text;
    else if (typeof choice.delta?.content === "string" && choice.delta.content !== "") choice.delta.content = text + choice.delta.content;
    else return undefined;
    return `data: ${JSON.stringify(value)}\n\n`;
}

/**
 * Starts a loopback proxy in front of the REAL server at `upstreamBaseURL` (a llama-server in the tests).
 * Faults are played on completion requests only, so the CLI's probe of `/v1/models` reaches the real server.
 */
export async function startFaultProxy(upstreamBaseURL: string): Promise<FaultProxy> {
    const upstream = new URL(upstreamBaseURL);
    const faults: Fault[] = [];
    const requests: SeenRequest[] = [];
    const sockets = new Set<Socket>();

    const forward = (request: IncomingMessage, body: string, onResponse: (response: IncomingMessage) => void, response: ServerResponse) => {
        const outgoing = httpRequest(
            { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, host: upstream.host, "content-length": Buffer.byteLength(body) } },
            onResponse,
        );
        outgoing.on("error", () => response.destroy());
        outgoing.end(body);
    };

    const server = createServer(async (request, response) => {
        let body = "";
        for await (const part of request) body += part;
        if (request.method !== "POST" || !/\/completions$/.test(request.url ?? "")) {
            forward(request, body, (answer) => {
                response.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(response);
            }, response);
            return;
        }
        const fault = faults.shift() ?? { kind: "pass" };
        const seen: SeenRequest = { path: request.url ?? "", body: JSON.parse(body) as Record<string, unknown>, headers: request.headers, fault: fault.kind };
        requests.push(seen);
        proxy.onCompletionRequest?.(seen);
        switch (fault.kind) {
            case "stall":
                return;
            case "status":
                response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers }).end(fault.body ?? JSON.stringify({ error: { message: `scripted ${fault.status}` } }));
                return;
            case "html":
                response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body><form>Sign in</form></body></html>");
                return;
            case "empty":
                response.writeHead(200, { "content-type": "text/event-stream" });
                response.end(`data: ${JSON.stringify({ choices: [{ index: 0, text: "", finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`);
                return;
            case "overlong":
                body = JSON.stringify({ ...seen.body, max_tokens: fault.maxTokens, n_predict: fault.maxTokens });
                break;
            default:
                break;
        }
        forward(request, body, async (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            let sent = 0;
            let withText = 0;
            let injected = false;
            for await (const event of sseEvents(answer)) {
                if (fault.kind === "cut" && (withText === fault.afterEvents || finishes(event))) {
                    // Give the client time to read what was sent: a stream errored by the cut discards chunks it has
                    // not read yet, and a cut that reaches the client before its first text is (rightly) retried.
                    await sleep(200);
                    response.socket?.destroy();
                    answer.destroy();
                    return;
                }
                if (fault.kind === "invalid-json" && sent === fault.afterEvents) {
                    answer.destroy();
                    response.end('data: {"choices": [{"text": "broken\n\n');
                    return;
                }
                if (fault.kind === "drip") await sleep(fault.delayMs);
                let out = event;
                if (fault.kind === "inject" && !injected) {
                    const changed = injectInto(event, fault.text);
                    if (changed !== undefined) {
                        out = changed;
                        injected = true;
                    }
                }
                response.write(out);
                sent += 1;
                if (hasText(event)) withText += 1;
            }
            response.end();
        }, response);
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const proxy: FaultProxy = {
        baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        queue: (...next) => faults.push(...next),
        clear: () => void faults.splice(0),
        requests,
        async close() {
            for (const socket of sockets) socket.destroy();
            server.close();
            await once(server, "close");
        },
    };
    return proxy;
}
