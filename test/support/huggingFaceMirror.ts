import type { IncomingMessage, ServerResponse } from "node:http";
import { basename } from "node:path";
import { GgufServer } from "./ggufServer";

/**
 * A loopback stand-in for Hugging Face, answering the two requests node-llama-cpp makes for an `hf:user/repo:TAG`
 * URI: the manifest (`/v2/<user>/<repo>/manifests/<TAG>`, which names the file) and the file itself
 * (`/<user>/<repo>/resolve/main/<file>`, ranges and the failure modes of GgufServer included). node-llama-cpp,
 * and so the extension and its student, use it when `HF_ENDPOINT` (or `MODEL_ENDPOINT`) is its `endpoint`: the
 * environment of the process, which a person sets and a workspace cannot. A repository it does not hold is a 404,
 * as upstream answers an unknown one.
 */
export class HuggingFaceMirror {
    private readonly manifests = new Map<string, string>();
    private constructor(readonly server: GgufServer) {}

    static async start(): Promise<HuggingFaceMirror> {
        let mirror: HuggingFaceMirror | undefined;
        const server = await GgufServer.start(undefined, "model.gguf", (request, response) => mirror!.answerManifest(request, response));
        return (mirror = new HuggingFaceMirror(server));
    }

    /** What `HF_ENDPOINT` is set to: `http://127.0.0.1:<port>/`. */
    get endpoint(): string {
        return `${this.server.origin}/`;
    }

    /** Serves `file` as `hf:<repo>:<tag>` (`repo` is `user/name`), under its own base name. */
    add(repo: string, tag: string, file: string): void {
        const name = basename(file);
        this.manifests.set(`/v2/${repo}/manifests/${tag.toUpperCase()}`, name);
        this.server.serve(`/${repo}/resolve/main/${name}`, file);
    }

    close(): Promise<void> {
        return this.server.close();
    }

    private answerManifest(request: IncomingMessage, response: ServerResponse): boolean {
        const name = this.manifests.get(decodeURIComponent(request.url?.split("?")[0] ?? ""));
        if (name === undefined) return false;
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ ggufFile: { rfilename: name } }));
        return true;
    }
}
