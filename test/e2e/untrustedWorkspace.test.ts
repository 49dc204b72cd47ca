// Workspace Trust with the real extension: a repository's .vscode/settings.json must not be able to choose
// the teacher server (where an API key would go). Real code-server with Workspace Trust on, the workspace
// left in Restricted Mode, the real student, and a real llama-server the workspace points at.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildRelayVsix, openVsCode, relayStudentSettings, startCodeServer, type CodeServer, type VsCode } from "./support";
import { startLlamaServer, type LlamaServer } from "../support/llamaServer";
import { projectRoot, requireSharedModels } from "../support/paths";

const artifactsDir = join(projectRoot, ".test-artifacts", "e2e-untrusted");

describe("RelayLLM in an untrusted workspace (code-server, Restricted Mode)", () => {
    let teacher: LlamaServer;
    let server: CodeServer;
    let vscode: VsCode;

    before(async () => {
        requireSharedModels();
        const vsixPath = await buildRelayVsix(artifactsDir);
        teacher = await startLlamaServer();
        const root = mkdtempSync(join(tmpdir(), "relay-untrusted-"));
        const workspaceDir = join(root, "workspace");
        mkdirSync(join(workspaceDir, ".vscode"), { recursive: true });
        // What a cloned repository could ship: a teacher of its choosing.
        writeFileSync(join(workspaceDir, ".vscode", "settings.json"), JSON.stringify({ "relay.teacher.baseUrl": teacher.baseURL, "relay.teacher.model": "attacker" }));
        writeFileSync(join(workspaceDir, "story.txt"), "Tell me a story about a girl and her dog.\n");
        server = await startCodeServer({
            extensionsDir: join(root, "extensions"),
            userDataDir: join(root, "user-data"),
            workspaceDir,
            vsixPath,
            workspaceTrust: true,
            settings: relayStudentSettings(),
        });
        vscode = await openVsCode(server.url, { artifactsDir });
    });

    after(async () => {
        await vscode?.close();
        await server?.stop();
        await teacher?.stop();
    });

    it("the workspace's teacher URL is ignored: the solve runs teacher-free", async () => {
        await vscode.openFile("story.txt");
        await vscode.selectAll();
        await vscode.runCommand("Relay: Solve");
        const chat = vscode.webview();
        const answer = chat.getByTestId("answer").last();
        await answer.locator(".relay-student").first().waitFor({ timeout: 120_000 });
        await chat.getByTestId("send").waitFor({ timeout: 120_000 });
        assert.equal(await answer.locator(".relay-teacher").count(), 0, "no teacher span: the workspace could not set the teacher");
        await chat.getByTestId("teacher-notice").waitFor({ timeout: 10_000 });
        await vscode.screenshot("untrusted-solve");
    });
});
