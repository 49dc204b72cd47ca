// The extension as users get it: the linux-x64 VSIX built by `scripts/package.mjs`, installed into a
// real VS Code (code-server, VS Code OSS) driven in headless Chromium, with the real stories260K student
// and a real llama-server teacher on loopback. A grammar setting makes the tiny student write one command.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { relayStudentSettings, startRelayWorkbench, type RelayWorkbench, type VsCode } from "./support";


describe("RelayLLM in a real VS Code (code-server in headless Chromium)", () => {
    let workbench: RelayWorkbench;
    let vscode: VsCode;

    before(async () => {
        workbench = await startRelayWorkbench({
            name: "e2e",
            settings: (teacher) => ({ ...relayStudentSettings(), "relay.teacher.baseUrl": teacher.baseURL, "relay.teacher.model": "tinystories" }),
            files: () => ({ "story.txt": "Tell me a story about a girl and her dog.\n" }),
        });
        vscode = workbench.vscode;
    });

    after(() => workbench?.stop());

    it("Relay: Solve on a selection shows student and teacher spans, and the meter moves", async () => {
        await vscode.openFile("story.txt");
        await vscode.selectAll();
        // The extension activates on its commands and view (nothing loads at start-up); the meter shows then.
        await vscode.runCommand("Relay: Open Chat");
        const meterBefore = await vscode.statusBarText(/Relay \d/);
        // No prices are set: the meter says so instead of "$0.00".
        assert.match(meterBefore, /Relay 0\.0 % · not priced/);
        await vscode.runCommand("View: Focus Active Editor Group");
        await vscode.runCommand("Relay: Solve");
        const chat = vscode.webview();
        const answer = chat.getByTestId("answer").last();
        await answer.locator(".relay-teacher").first().waitFor({ timeout: 120_000 });
        // Send comes back once the solve has finished.
        await chat.getByTestId("send").waitFor({ timeout: 120_000 });
        // The call-once grammar makes exactly one call: one teacher span with text, and student text around it.
        assert.equal(await answer.locator(".relay-teacher").count(), 1, "one teacher span");
        assert.ok((await answer.locator(".relay-teacher").first().innerText()).trim().length > 0, "the teacher span has text");
        assert.ok((await answer.locator(".relay-student").count()) >= 1, "a student span");
        const teacherDetail = await answer.locator(".relay-teacher").first().getAttribute("data-detail");
        assert.match(teacherDetail ?? "", /requested \d+ · granted \d+ · produced \d+ teacher tokens/);
        await vscode.screenshot("panel-after-solve");

        const meterAfter = await vscode.statusBarText(/Relay \d/);
        assert.notEqual(meterAfter, meterBefore, `meter unchanged: ${meterAfter}`);
        assert.match(meterAfter, /Relay [1-9]\d*\.\d % · not priced/);
        await vscode.statusBarItem(/Relay \d/).hover();
        await vscode.page.locator(".monaco-hover, .workbench-hover").filter({ hasText: "RelayLLM usage" }).first().waitFor({ timeout: 10_000 });
        await vscode.screenshot("meter-tooltip");
    });

    it("after Relay: Toggle Teacher-Free Mode the next solve has no teacher span", async () => {
        await vscode.runCommand("Relay: Toggle Teacher-Free Mode");
        await vscode.openFile("story.txt");
        await vscode.selectAll();
        const chat = vscode.webview();
        const answersBefore = await chat.getByTestId("answer").count();
        await vscode.runCommand("Relay: Solve");
        await chat.getByTestId("answer").nth(answersBefore).waitFor({ timeout: 60_000 });
        const answer = chat.getByTestId("answer").nth(answersBefore);
        await answer.locator(".relay-student").first().waitFor({ timeout: 120_000 });
        await chat.getByTestId("send").waitFor({ timeout: 120_000 });
        assert.equal(await answer.locator(".relay-teacher").count(), 0);
        await vscode.screenshot("panel-teacher-free");
    });

    it("Relay: Show Usage lists both solves and draws the chart", async () => {
        await vscode.runCommand("Relay: Show Usage");
        const usage = vscode.webview();
        const rows = usage.getByTestId("usage-history").locator("tbody tr");
        await rows.nth(1).waitFor({ timeout: 30_000 });
        assert.equal(await rows.count(), 2);
        assert.equal(await usage.getByTestId("usage-chart").locator("svg").count(), 1);
        // Two solves, the first with a teacher call: the totals count them (these are "0" before any solve).
        assert.equal(await usage.getByTestId("usage-totals").getByTestId("solves").innerText(), "2");
        assert.match(await usage.getByTestId("usage-totals").getByTestId("calls").innerText(), /^[1-9]\d*$/);
        assert.match(await usage.getByTestId("usage-totals").getByTestId("student-tokens").innerText(), /^[1-9]/);
        await vscode.screenshot("usage-panel");
    });

    it("activation time, as the extension host measured it (Developer: Show Running Extensions), is printed", async () => {
        await vscode.runCommand("Developer: Show Running Extensions");
        const row = vscode.page.locator(".monaco-list-row").filter({ has: vscode.page.locator(".name", { hasText: /^RelayLLM$/ }) }).first();
        await row.waitFor({ timeout: 30_000 });
        const text = (await row.locator(".activation-time").innerText()).trim();
        console.log(`extension activation (the extension host's own figure, Running Extensions): ${text} (target <= 50 ms)`);
        assert.match(text, /\d+\s*ms/, `no activation time in the Running Extensions row: "${text}"`);
        await vscode.screenshot("running-extensions");
        await vscode.runCommand("View: Close Editor");
    });
});
