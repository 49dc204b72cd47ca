// Workspace Trust with the real extension: a repository's .vscode/settings.json must not be able to choose
// the teacher server (where an API key would go). Real code-server with Workspace Trust on, the workspace
// left in Restricted Mode, the real student, and a real llama-server the workspace points at.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { relayStudentSettings, startRelayWorkbench, type RelayWorkbench, type VsCode } from "./support";

describe("RelayLLM in an untrusted workspace (code-server, Restricted Mode)", () => {
    let workbench: RelayWorkbench;
    let vscode: VsCode;

    before(async () => {
        workbench = await startRelayWorkbench({
            name: "e2e-untrusted",
            workspaceTrust: true,
            settings: () => relayStudentSettings(),
            files: (teacher) => ({
                // What a cloned repository could ship: a teacher of its choosing.
                ".vscode/settings.json": JSON.stringify({ "relay.teacher.baseUrl": teacher.baseURL, "relay.teacher.model": "attacker" }),
                "story.txt": "Tell me a story about a girl and her dog.\n",
            }),
        });
        vscode = workbench.vscode;
    });

    after(() => workbench?.stop());

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
