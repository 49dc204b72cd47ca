// The chat panel as an everyday assistant, in the real VSIX in code-server (headless Chromium), with the
// real stories260K student and a real llama-server teacher on loopback: the first-run guide, a two-turn
// conversation whose second prompt holds the first turn, a dead teacher shown inline with its retry, a
// second conversation in the history list surviving a reload, Ask About Selection, and the stop latency.
// Settings change as a person edits them: in "Preferences: Open User Settings (JSON)", pasted and saved
// (code-server did not pick up a rewrite of the file on disk made behind its back).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FrameLocator } from "playwright-core";
import { quietSettings, relayStudentSettings, startRelayWorkbench, type RelayWorkbench, type VsCode } from "./support";
import type { LlamaServer } from "../support/llamaServer";
const SOLVE_MS = 120_000;

describe("the Relay chat panel in a real VS Code (code-server in headless Chromium)", () => {
    let workbench: RelayWorkbench;
    let teacher: LlamaServer;
    let vscode: VsCode;
    let workspaceDir: string;
    let settings: Record<string, unknown> = {};

    /** Replaces the user settings in VS Code's settings.json editor, saves, closes it and waits until `ready` resolves. */
    const setSettings = async (next: Record<string, unknown>, ready: () => Promise<unknown>) => {
        settings = next;
        const text = JSON.stringify({ ...quietSettings, ...next }, null, 4);
        await vscode.runCommand("Preferences: Open User Settings (JSON)");
        // The editor, wherever VS Code opens it (an editor group or a modal editor), by its model's URI.
        const editor = vscode.page.locator('.monaco-editor[data-uri$="settings.json"]').first();
        await editor.waitFor({ state: "visible", timeout: 15_000 });
        await editor.locator(".view-lines").click();
        await vscode.page.evaluate((value) => navigator.clipboard.writeText(value), text);
        await vscode.page.keyboard.press("ControlOrMeta+A");
        await vscode.page.keyboard.press("ControlOrMeta+V");
        await vscode.page.keyboard.press("ControlOrMeta+S");
        await vscode.page.locator(".tab.dirty").filter({ hasText: "settings.json" }).waitFor({ state: "detached", timeout: 10_000 });
        await vscode.screenshot("settings-saved");
        await vscode.runCommand("View: Close Editor");
        await ready();
    };
    const chat = (): FrameLocator => vscode.webview({ extensionId: "relayllm.relayllm" });
    /** Waits until the panel says which teacher a question will reach ("" for none). */
    const teacherShown = (host: string) => chat().locator(`[data-testid="mode-select"][data-teacher="${host}"]`).waitFor({ state: "attached", timeout: 30_000 });
    const ask = async (question: string) => {
        const turns = await chat().getByTestId("turn").count();
        await chat().getByTestId("prompt-input").fill(question);
        await chat().getByTestId("prompt-input").press("Enter");
        await chat().getByTestId("turn").nth(turns).waitFor({ timeout: 30_000 });
        await chat().getByTestId("send").waitFor({ timeout: SOLVE_MS });
        return chat().getByTestId("turn").nth(turns);
    };

    before(async () => {
        workbench = await startRelayWorkbench({
            name: "e2e-chat-panel",
            // First run: nothing chosen yet.
            settings: () => ({}),
            files: () => ({ "area.py": "def area(w, h):\n    return w * h\n" }),
            viewport: { width: 1500, height: 950 },
        });
        ({ teacher, vscode, workspaceDir } = workbench);
    });

    after(() => workbench?.stop());

    it("first run: the empty panel leads with the missing student, then the teacher, each with its button", async () => {
        await vscode.runCommand("Relay: Open Chat");
        const setup = chat().getByTestId("setup");
        await setup.waitFor({ timeout: 30_000 });
        const steps = await setup.locator("li:visible").evaluateAll((items) => items.map((item) => item.getAttribute("data-testid")));
        assert.deepEqual(steps, ["setup-student", "setup-teacher"]);
        assert.ok(await chat().getByTestId("setup-select-student").isVisible());
        assert.ok(await chat().getByTestId("setup-choose-teacher").isVisible());
        await vscode.screenshot("first-run");

        await setSettings({ ...relayStudentSettings() }, () => chat().getByTestId("setup-student").waitFor({ state: "hidden", timeout: 30_000 }));
        assert.ok(await chat().getByTestId("setup-teacher").isVisible(), "the teacher step stays until a teacher is set");
        await setSettings({ ...relayStudentSettings(), "relay.teacher.baseUrl": teacher.baseURL, "relay.teacher.model": "tinystories" }, () =>
            chat().getByTestId("setup").waitFor({ state: "hidden", timeout: 30_000 }),
        );
        assert.ok(await chat().getByTestId("empty-hint").isVisible());
    });

    it("a two-turn conversation: the second answer's prompt holds the first question and answer", async () => {
        const first = await ask("Tell me about a cat.");
        const firstAnswer = (await first.getByTestId("answer").innerText()).trim();
        assert.ok(firstAnswer.length > 0, "the first answer has text");
        assert.ok((await first.locator(".relay-teacher").count()) >= 1, "the first answer has a teacher span");
        const second = await ask("And then what happened?");
        await second.getByTestId("sent-prompt").locator("summary").click();
        const prompt = await second.getByTestId("sent-prompt-text").innerText();
        // The template-less student reads the first answer as the continuation of its question, separated as written.
        assert.match(prompt, /Tell me about a cat\.\s+\S/, `the first question and answer run together:\n${prompt}`);
        assert.match(prompt, /\n\nAnd then what happened\?$/, "the second question starts its own paragraph");
        assert.ok(prompt.includes("Tell me about a cat."), `the first question is in the second prompt:\n${prompt}`);
        assert.ok(prompt.includes("And then what happened?"), "the second question too");
        // The answer as shown is rendered Markdown; its first words are in the stored text the student was given.
        const words = firstAnswer.split(/\s+/).filter((word) => /^[a-z]{3,}$/.test(word)).slice(0, 3);
        for (const word of words) assert.ok(prompt.includes(word), `the first answer's "${word}" is in the second prompt`);
        assert.ok(prompt.indexOf("Tell me about a cat.") < prompt.indexOf("And then what happened?"));
        // The call details hover is the view's own, on keyboard focus too.
        await second.locator(".relay-call").first().focus();
        await chat().getByTestId("call-tooltip").waitFor({ state: "visible", timeout: 5000 });
        assert.match(await chat().getByTestId("call-tooltip").innerText(), /Teacher call 1 .*requested \d+/);
        await vscode.screenshot("panel");
        await second.locator(".relay-call").first().blur();
    });

    it("a dead teacher is shown in the turn with its reason and Retry with teacher; the meter warns", async () => {
        // Asked only once the panel shows the new teacher: the setting has then reached the extension host.
        await setSettings({ ...settings, "relay.teacher.baseUrl": "http://127.0.0.1:9/v1" }, () => teacherShown("127.0.0.1:9"));
        const turn = await ask("Tell me about a dog.");
        const failure = turn.getByTestId("call-failure");
        await failure.waitFor({ timeout: 30_000 });
        assert.match(await failure.innerText(), /Teacher call 1 failed: .*127\.0\.0\.1:9/);
        assert.ok((await turn.locator(".relay-call-failed").count()) >= 1, "the failed call's badge is drawn apart");
        assert.equal(await turn.locator(".relay-teacher").count(), 0);
        await turn.getByTestId("retry-with-teacher").waitFor();
        await vscode.statusBarItem(/Relay \d/).locator(".codicon-warning").waitFor({ timeout: 10_000 });
        await vscode.screenshot("teacher-unreachable");

        await setSettings({ ...settings, "relay.teacher.baseUrl": teacher.baseURL }, () => teacherShown(new URL(teacher.baseURL).host));
        const turns = await chat().getByTestId("turn").count();
        await turn.getByTestId("retry-with-teacher").click();
        // The failed last turn is replaced by the retry.
        const retried = chat().getByTestId("turn").nth(turns - 1);
        await retried.locator(".relay-teacher").first().waitFor({ timeout: SOLVE_MS });
        await chat().getByTestId("send").waitFor({ timeout: SOLVE_MS });
        assert.equal(await chat().getByTestId("turn").count(), turns);
        assert.equal(await retried.getByTestId("call-failure").count(), 0);
        await vscode.statusBarItem(/Relay \d/).locator(".codicon-warning").waitFor({ state: "detached", timeout: 10_000 });
    });

    it("Relay: Ask About Selection attaches the code; the question card renders it as code", async () => {
        await vscode.openFile("area.py");
        await vscode.selectAll();
        await vscode.runCommand("Relay: Ask About Selection");
        await chat().getByTestId("attachment").waitFor({ timeout: 15_000 });
        assert.match(await chat().getByTestId("attachment-label").innerText(), /area\.py/);
        await vscode.screenshot("ask-about-selection");
        const turn = await ask("What does this function return?");
        const prompt = turn.getByTestId("prompt");
        assert.match(await prompt.locator("pre code").innerText(), /def area\(w, h\):/);
        assert.ok(!(await prompt.innerText()).includes("```"), "no raw fences");
    });

    it("new conversations appear in the history list, newest first, and survive a reload", async () => {
        // Two conversations of its own, whatever earlier tests left.
        const newConversation = async (question: string, followUp?: string) => {
            await chat().getByTestId("new-chat").click();
            await chat().getByTestId("turn").first().waitFor({ state: "detached", timeout: 10_000 });
            await ask(question);
            if (followUp) await ask(followUp);
        };
        await newConversation("Tell me about a fish.", "What did the fish eat?");
        await newConversation("Tell me about a bird.");
        await chat().getByTestId("history-toggle").click();
        const titles = async () => (await chat().getByTestId("history-item").locator(".relay-history-title").allInnerTexts()).slice(0, 2);
        assert.deepEqual(await titles(), ["Tell me about a bird.", "Tell me about a fish."]);
        await vscode.screenshot("history");

        await vscode.page.reload();
        await vscode.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 90_000 });
        await vscode.runCommand("Relay: Open Chat");
        await chat().getByTestId("turn").first().waitFor({ timeout: 30_000 });
        assert.equal((await chat().getByTestId("conversation-title").innerText()).trim(), "Tell me about a bird.");
        await chat().getByTestId("history-toggle").click();
        assert.deepEqual(await titles(), ["Tell me about a bird.", "Tell me about a fish."]);
        await chat().getByTestId("history-item").nth(1).click();
        await chat().getByTestId("turn").nth(1).waitFor({ timeout: 10_000 });
        assert.equal(await chat().getByTestId("turn").count(), 2, "the fish conversation's two turns came back");
    });

    it("stop: the answer stops streaming soon after the click (latency printed), and the stop icon shows only while solving", async () => {
        const stopIcon = vscode.page.locator(".part.sidebar .codicon-debug-stop");
        assert.equal(await stopIcon.count(), 0, "no stop icon while nothing runs");
        // A long teacher-free answer: a grammar whose only ending the tiny model never picks, so it writes until its context is full.
        const grammar = join(workspaceDir, "long.gbnf");
        writeFileSync(grammar, 'root ::= [a-z .,]+ "@@@@"\n');
        // One save, one configuration change: once the panel shows teacher-free, the grammar and the limit are in too.
        await setSettings({ ...settings, "relay.teacherFree": true, "relay.student.grammarFile": grammar, "relay.limits.maxTokens": 6000 }, () => teacherShown(""));
        await chat().getByTestId("new-chat").click();
        await chat().getByTestId("prompt-input").fill("Once upon a time");
        await chat().getByTestId("prompt-input").press("Enter");
        const answer = chat().getByTestId("answer").last();
        await answer.locator(".relay-student").first().waitFor({ timeout: SOLVE_MS });
        await stopIcon.first().waitFor({ timeout: 10_000 });
        // Record, inside the webview, when the answer's text last changed after the click.
        const stopButton = chat().getByTestId("stop");
        const latency = await stopButton.evaluate(async (button) => {
            const answers = document.querySelectorAll('[data-testid="answer"]');
            const target = answers[answers.length - 1]!;
            let last = performance.now();
            let text = target.textContent;
            const observer = new MutationObserver(() => {
                if (target.textContent !== text) {
                    text = target.textContent;
                    last = performance.now();
                }
            });
            observer.observe(target, { childList: true, subtree: true, characterData: true });
            const clicked = performance.now();
            (button as HTMLButtonElement).click();
            await new Promise((resolve) => setTimeout(resolve, 3000));
            observer.disconnect();
            return { ms: Math.max(0, last - clicked), length: text?.length ?? 0 };
        });
        await chat().getByTestId("send").waitFor({ timeout: 30_000 });
        console.log(`stop latency (panel Stop click to the last character drawn): ${latency.ms.toFixed(0)} ms (target <= 300 ms), answer ${latency.length} characters`);
        assert.match(await chat().getByTestId("turn-status").last().innerText(), /Stopped by you/);
        await stopIcon.first().waitFor({ state: "detached", timeout: 10_000 });
    });
});
