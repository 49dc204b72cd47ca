import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startLlamaServer, type LlamaServer } from "../../support/llamaServer";
import { projectRoot, requireSharedModels } from "../../support/paths";
import { startCodeServer, type CodeServer } from "./codeServer";
import { openVsCode, type OpenVsCodeOptions, type VsCode } from "./openVsCode";
import { buildRelayVsix } from "./relayExtension";

/** What one e2e test file runs against: the real VSIX in code-server, a browser on it, a llama-server teacher. */
export interface RelayWorkbench {
    teacher: LlamaServer;
    server: CodeServer;
    vscode: VsCode;
    workspaceDir: string;
    userDataDir: string;
    /** Screenshots and logs: `.test-artifacts/<name>`. */
    artifactsDir: string;
    /** Closes the browser, then the server, then the teacher (each only if it started). */
    stop(): Promise<void>;
}

export interface RelayWorkbenchOptions {
    /** The artifacts folder's name under `.test-artifacts/`, and the temporary folders' prefix. */
    name: string;
    /** The user settings code-server starts with, given the teacher (a test may point them at it or not). */
    settings: (teacher: LlamaServer) => Record<string, unknown>;
    /** Files the workspace holds before VS Code opens it, by path inside the workspace. */
    files?: (teacher: LlamaServer) => Record<string, string>;
    /** Workspace Trust on: the folder opens in Restricted Mode. Default off (trusted). */
    workspaceTrust?: boolean;
    viewport?: OpenVsCodeOptions["viewport"];
    /** More environment for code-server and its extension host (a mirror's address, a home of its own). Default none. */
    env?: Record<string, string>;
}

/** Starts everything a test file needs, in fresh folders; on a failure part-way, stops what had started. */
export async function startRelayWorkbench(options: RelayWorkbenchOptions): Promise<RelayWorkbench> {
    requireSharedModels();
    const artifactsDir = join(projectRoot, ".test-artifacts", options.name);
    const root = mkdtempSync(join(tmpdir(), `relay-${options.name}-`));
    const workspaceDir = join(root, "workspace");
    const userDataDir = join(root, "user-data");
    const started: Partial<Pick<RelayWorkbench, "teacher" | "server" | "vscode">> = {};
    const stop = async () => {
        await started.vscode?.close();
        await started.server?.stop();
        await started.teacher?.stop();
    };
    try {
        const vsixPath = await buildRelayVsix(artifactsDir);
        const teacher = (started.teacher = await startLlamaServer());
        for (const [path, text] of Object.entries(options.files?.(teacher) ?? {})) {
            mkdirSync(dirname(join(workspaceDir, path)), { recursive: true });
            writeFileSync(join(workspaceDir, path), text);
        }
        const server = (started.server = await startCodeServer({
            extensionsDir: join(root, "extensions"),
            userDataDir,
            workspaceDir,
            vsixPath,
            workspaceTrust: options.workspaceTrust,
            settings: options.settings(teacher),
            env: options.env,
        }));
        const vscode = (started.vscode = await openVsCode(server.url, { artifactsDir, viewport: options.viewport }));
        return { teacher, server, vscode, workspaceDir, userDataDir, artifactsDir, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}
