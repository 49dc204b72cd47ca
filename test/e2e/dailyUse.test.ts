// Daily use of Relay (issue 21), in the real VSIX in code-server (headless Chromium) with the real stories260K
// student and a real llama-server teacher: what left the machine, compared with what the server received; a call
// held back; a chosen model kept out of the repository; turns kept apart for a student without a chat template;
// conversations copied, regenerated and exported; a teacher failure in VS Code's Chat. Each test sets the user
// settings it needs itself; one that calls the teacher reaches it through a recording proxy of its own
// (test/support/faultProxy.ts, passing everything through), so the panel showing that proxy's address tells
// when the test's settings have arrived.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FrameLocator, Locator } from "playwright-core";
import { copyEditorText, relayStudentSettings, setUserSettings, startRelayWorkbench, waitForClipboard, type RelayWorkbench, type VsCode } from "./support";
import { startFaultProxy, type FaultProxy } from "../support/faultProxy";
import { studentModelPath } from "../support/paths";
import { waitUntil } from "../support/waitFor";
const SOLVE_MS = 120_000;
/** What the workspace's own settings file holds before any test: a choice the project shares. */
const WORKSPACE_SETTINGS = '{\n    "relay.limits.maxCalls": 5\n}\n';
/** The read-only documents Relay opens (what was sent, the text to confirm). */
const READ_ONLY_EDITOR = '.monaco-editor[data-uri^="relay-text:"]';
/** A conversation opened in an editor: an untitled Markdown document, the user's to edit and save. */
const UNTITLED_EDITOR = '.monaco-editor[data-uri^="untitled:"]';

describe("daily use: what was sent, held-back calls, settings scope, turns, copy, export, failures in Chat (code-server in headless Chromium)", () => {
    let workbench: RelayWorkbench;
    let vscode: VsCode;
    let workspaceDir: string;
    let userDataDir: string;
    const proxies: FaultProxy[] = [];

    const chat = (): FrameLocator => vscode.webview({ extensionId: "relayllm.relayllm" });
    /** Waits until the panel says which teacher a question will reach: its settings have reached the extension host. */
    const teacherShown = (host: string) => chat().locator(`[data-testid="mode-select"][data-teacher="${host}"]`).waitFor({ state: "attached", timeout: 30_000 });
    /** A recording proxy of this test's own in front of the real teacher, and the user settings that use it. */
    const ownTeacher = async (extra: Record<string, unknown> = {}): Promise<FaultProxy> => {
        const proxy = await startFaultProxy(workbench.teacher.baseURL);
        proxies.push(proxy);
        await setUserSettings(vscode, { ...relayStudentSettings(), "relay.teacher.baseUrl": proxy.baseURL, "relay.teacher.model": "tinystories", ...extra });
        await vscode.runCommand("Relay: Open Chat");
        await teacherShown(new URL(proxy.baseURL).host);
        return proxy;
    };
    /** Starts a new conversation and sends `question`; returns its turn once it shows (the answer may still run). */
    const submit = async (question: string, newChat = false): Promise<Locator> => {
        if (newChat) {
            await chat().getByTestId("new-chat").click();
            await chat().getByTestId("turn").first().waitFor({ state: "detached", timeout: 10_000 });
        }
        const turns = await chat().getByTestId("turn").count();
        await chat().getByTestId("prompt-input").fill(question);
        await chat().getByTestId("prompt-input").press("Enter");
        const turn = chat().getByTestId("turn").nth(turns);
        await turn.waitFor({ timeout: 30_000 });
        return turn;
    };
    const answered = () => chat().getByTestId("send").waitFor({ timeout: SOLVE_MS });
    const ask = async (question: string, newChat = false): Promise<Locator> => {
        const turn = await submit(question, newChat);
        await answered();
        return turn;
    };
    const statusMessage = (text: RegExp) => vscode.statusBarItem(text).waitFor({ state: "visible", timeout: 15_000 });
    /** Closes a document Relay opened read-only: it never asks to be saved. */
    const closeReadOnly = async () => {
        await vscode.page.locator(READ_ONLY_EDITOR).first().locator(".view-lines").click();
        await vscode.runCommand("View: Close Editor");
        const asked = vscode.page.locator(".monaco-dialog-box").filter({ hasText: /save/i });
        const closed = vscode.page.locator(READ_ONLY_EDITOR).first().waitFor({ state: "detached", timeout: 10_000 }).then(() => "closed" as const);
        if ((await Promise.race([closed, asked.waitFor({ timeout: 10_000 }).then(() => "asked" as const)])) === "asked") {
            await vscode.screenshot("read-only-document-save-prompt");
            const text = await asked.innerText();
            await asked.getByRole("button", { name: /Don't Save/ }).click();
            assert.fail(`closing a read-only document asked to save it: ${text}`);
        }
    };
    const quickInputBox = () => vscode.page.locator(".quick-input-widget .quick-input-box input");
    /** Waits until the quick input's box holds a value matching `pattern` (VS Code's file dialogs fill it in late). */
    const inputValue = (pattern: RegExp) =>
        vscode.page.waitForFunction((source) => new RegExp(source).test(document.querySelector<HTMLInputElement>(".quick-input-widget .quick-input-box input")?.value ?? ""), pattern.source, { timeout: 15_000 });
    /** Runs a command that opens a quick input of its own, titled `inputTitle`, and waits for it. */
    const runInputCommand = async (title: string, inputTitle: string) => {
        await vscode.runCommand(title);
        await vscode.page.locator(".quick-input-widget .quick-input-title").filter({ hasText: inputTitle }).waitFor({ timeout: 15_000 });
    };

    before(async () => {
        workbench = await startRelayWorkbench({
            name: "e2e-daily-use",
            settings: () => ({}),
            files: () => ({ ".vscode/settings.json": WORKSPACE_SETTINGS }),
            viewport: { width: 1500, height: 950 },
        });
        ({ vscode, workspaceDir, userDataDir } = workbench);
        // Room for the panel and the editors in the screenshots; the Chat test opens VS Code's Chat again.
        await vscode.runCommand("View: Hide Secondary Side Bar");
    });

    after(async () => {
        for (const proxy of proxies) await proxy.close();
        await workbench?.stop();
    });

    /** Asks with the key set, allows it for the proxy's origin, and compares what the call badge opens with what the proxy got. */
    const showsWhatWasSent = async (proxy: FaultProxy, key: string) => {
        const turn = await submit("Tell me about a frog.", true);
        // A key goes only to an origin the user allowed: asked in a notification (not a modal dialog), once the server answered.
        const consent = vscode.page.locator(".notifications-toasts .notification-toast").filter({ hasText: "send your teacher API key to" });
        await consent.waitFor({ timeout: 30_000 });
        assert.equal(await vscode.page.locator(".monaco-dialog-box").count(), 0, "no modal dialog");
        await vscode.screenshot("key-consent");
        await consent.getByRole("button", { name: "Send Key" }).click();
        await answered();
        assert.ok((await turn.locator(".relay-teacher").count()) >= 1, "the answer has a teacher span");
        assert.equal(proxy.requests.length, 1, "one teacher call reached the server");
        const received = proxy.requests[0]!;
        assert.equal(received.headers.authorization, `Bearer ${key}`, "the key went to the server, so the view had it to leak");

        await turn.locator(".relay-call").first().click();
        const editor = vscode.page.locator(READ_ONLY_EDITOR);
        await editor.first().waitFor({ timeout: 15_000 });
        const shown = await copyEditorText(vscode, READ_ONLY_EDITOR);
        await vscode.screenshot("what-was-sent");
        assert.ok(!shown.includes(key), `the key is in what was shown:\n${shown}`);
        assert.doesNotMatch(shown, /Bearer|authorization/i);
        const post = /^\/\/ POST (\S+)$/m.exec(shown);
        assert.equal(post?.[1], `${proxy.baseURL}/completions`, shown);
        const bodyStart = shown.indexOf("\n", post!.index) + 1;
        const bodyEnd = shown.indexOf("\n\n// What came back");
        assert.ok(bodyEnd > bodyStart, shown);
        const body = JSON.parse(shown.slice(bodyStart, bodyEnd)) as Record<string, unknown>;
        // Field for field what the server received: the prompt, max_tokens and every sampling field.
        assert.deepEqual(body, received.body);
        assert.equal(typeof body.prompt, "string");
        assert.ok((body.prompt as string).startsWith("Tell me about a frog."), String(body.prompt));
        for (const field of ["max_tokens", "temperature"]) assert.ok(field in body, `${field} is shown`);
        const back = /^\/\/ What came back \(answered[^\n]*\n\/\/ (.*)$/m.exec(shown);
        assert.ok(back, `the answer's outcome is shown:\n${shown}`);
        const teacherText = (await turn.locator(".relay-teacher").first().innerText()).replace(/\s+/g, " ").trim();
        assert.ok((JSON.parse(back[1]!) as string).replace(/\s+/g, " ").includes(teacherText), `the teacher's span "${teacherText}" is in what came back`);
        await closeReadOnly();
    };

    it("Show What Was Sent opens the request body the teacher received, field for field, without the API key", async () => {
        const proxy = await ownTeacher();
        const key = `sk-relay-e2e-${Date.now().toString(36)}`;
        await runInputCommand("Relay: Set Teacher API Key", "Relay: Set Teacher API Key");
        await quickInputBox().fill(key);
        await quickInputBox().press("Enter");
        await statusMessage(/teacher API key stored/);

        try {
            await showsWhatWasSent(proxy, key);
        } finally {
            // No later test meets the key (or its question for a new origin).
            await runInputCommand("Relay: Set Teacher API Key", "Relay: Set Teacher API Key");
            await quickInputBox().press("Enter");
            await statusMessage(/teacher API key removed/);
        }
    });

    it("relay.teacher.confirmEachCall: Show Text shows what would go, Deny holds the call back and the student answers alone", async () => {
        const proxy = await ownTeacher({ "relay.teacher.confirmEachCall": true });
        const turn = await submit("Tell me about a duck.", true);
        const toast = vscode.page.locator(".notifications-toasts .notification-toast").filter({ hasText: /to the teacher at 127\.0\.0\.1:\d+ for up to \d+ tokens\?/ });
        await toast.waitFor({ timeout: SOLVE_MS });
        const characters = Number(/send ([\d,]+) characters/.exec(await toast.innerText())?.[1]?.replace(/,/g, ""));
        await toast.getByRole("button", { name: "Show Text" }).click();
        await vscode.page.locator(READ_ONLY_EDITOR).first().waitFor({ timeout: 15_000 });
        const text = await copyEditorText(vscode, READ_ONLY_EDITOR);
        assert.ok(text.startsWith("Tell me about a duck."), text);
        assert.equal(text.length, characters, "the text shown is the text counted");
        // The question comes back after the text was shown.
        await toast.waitFor({ timeout: 15_000 });
        await vscode.screenshot("confirm-call");
        await toast.getByRole("button", { name: "Deny" }).click();
        await answered();
        assert.match(await turn.getByTestId("call-denied").innerText(), /1 teacher call denied: you held it back \(relay\.teacher\.confirmEachCall\)/);
        assert.ok((await turn.getByTestId("answer").innerText()).trim().length > 0, "the student wrote the answer alone");
        assert.equal(await turn.locator(".relay-teacher").count(), 0);
        assert.equal(proxy.requests.length, 0, "nothing reached the teacher");
        await closeReadOnly();
    });

    it("a student model picked in the panel lands in the user settings, not the workspace's, and the panel says where", async () => {
        await setUserSettings(vscode, {});
        await vscode.runCommand("Relay: Open Chat");
        await chat().getByTestId("new-chat").click();
        await chat().getByTestId("setup-student").waitFor({ timeout: 30_000 });
        await chat().getByTestId("setup-select-student").click();
        await vscode.page.locator(".quick-input-widget .quick-input-title").filter({ hasText: "Relay: Select Student Model" }).waitFor({ timeout: 15_000 });
        // The list is longer than the widget draws: the entry is found as a person finds it, by typing.
        await quickInputBox().fill("Choose a .gguf file");
        await vscode.page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: "Choose a .gguf file" }).first().click();
        // A browser has no native file dialog: VS Code's own, whose box takes a path.
        await vscode.page.locator(".quick-input-widget .quick-input-title").filter({ hasText: "Student model" }).waitFor({ timeout: 15_000 });
        // It fills its box with the workspace's folder once it has read it; a path typed before that is overwritten.
        await inputValue(/\/workspace\/$/);
        await quickInputBox().fill(studentModelPath);
        await vscode.page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: basename(studentModelPath) }).first().waitFor({ timeout: 15_000 });
        await quickInputBox().press("Enter");
        await statusMessage(/student model set to .*stories260K\.gguf in your user settings/);
        await chat().getByTestId("setup-student").waitFor({ state: "hidden", timeout: 30_000 });
        const user = JSON.parse(readFileSync(join(userDataDir, "User", "settings.json"), "utf8")) as Record<string, unknown>;
        assert.equal(user["relay.student.model"], studentModelPath);
        assert.equal(readFileSync(join(workspaceDir, ".vscode", "settings.json"), "utf8"), WORKSPACE_SETTINGS, "the workspace's settings are untouched");
    });

    it("two turns on the template-less student: each answer continues its question as written, the next question starts a paragraph", async () => {
        await ownTeacher();
        const first = await ask("Tell me about a horse.", true);
        const second = await ask("Where did the horse go?");
        const firstPrompt = await first.getByTestId("sent-prompt-text").textContent();
        const secondPrompt = await second.getByTestId("sent-prompt-text").textContent();
        assert.equal(firstPrompt, "Tell me about a horse.", "one question is the bare question");
        // The first answer exactly as the student wrote it (Copy answer copies its text, not what the view drew).
        await vscode.page.evaluate(() => navigator.clipboard.writeText(""));
        await first.getByTestId("turn-copy").click();
        const firstAnswer = await waitForClipboard(vscode, (text) => text !== "");
        assert.match(firstAnswer, /^\s/, `the answer's own leading space separates it from the question: ${JSON.stringify(firstAnswer)}`);
        assert.equal(secondPrompt, `Tell me about a horse.${firstAnswer}\n\nWhere did the horse go?`);
    });

    it("a conversation exported as Markdown, copied and opened in an editor: the same document, the teacher's spans in italics", async () => {
        await ownTeacher();
        const turn = await ask("Tell me about a bee.", true);
        const teacherSpans = await turn.locator(".relay-teacher").allInnerTexts();
        assert.ok(teacherSpans.length >= 1, "the answer has a teacher span");

        // VS Code's own save dialog, its box filled with the workspace and the conversation's title.
        await runInputCommand("Relay: Export Conversation as Markdown…", "Relay: Export Conversation");
        await inputValue(/\/workspace\/Tell me about a bee\.md$/);
        await quickInputBox().press("Enter");
        const path = join(workspaceDir, "Tell me about a bee.md");
        await waitForText(path);
        const markdown = readFileSync(path, "utf8");
        assert.match(markdown, /^# Tell me about a bee\.\n\n\*\*You:\*\*\n\nTell me about a bee\.\n\n\*\*Relay:\*\*\n\n/);
        for (const span of teacherSpans) {
            const line = span.split("\n").map((part) => part.trim()).find((part) => part !== "")!;
            assert.ok(markdown.includes(`*${line}*`), `the teacher's "${line}" is in italics in:\n${markdown}`);
        }
        assert.match(markdown, /\n\*Italics: written by the teacher model; the rest by the local student\.\*\n$/);

        await vscode.page.evaluate(() => navigator.clipboard.writeText(""));
        await vscode.runCommand("Relay: Copy Conversation as Markdown");
        assert.equal(await waitForClipboard(vscode, (text) => text !== ""), markdown);

        await vscode.runCommand("Relay: Open Conversation in Editor");
        await vscode.page.locator(UNTITLED_EDITOR).first().waitFor({ timeout: 15_000 });
        assert.equal(await copyEditorText(vscode, UNTITLED_EDITOR), markdown);
        // The user's own document: closed without keeping it.
        await vscode.runCommand("View: Revert and Close Editor");
        await vscode.page.locator(UNTITLED_EDITOR).first().waitFor({ state: "detached", timeout: 10_000 });
    });

    it("Copy answer copies the answer's text; Regenerate replaces the last answer with a new one", async () => {
        // Sampled, not greedy: the same question then gets another answer.
        await ownTeacher({ "relay.student.temperature": 1 });
        const turn = await ask("Tell me about a fox.", true);
        const turnId = await turn.getAttribute("data-turn-id");
        const shown = (await turn.getByTestId("answer").innerText()).replace(/\s+/g, " ").trim();
        await vscode.page.evaluate(() => navigator.clipboard.writeText(""));
        await turn.getByTestId("turn-copy").click();
        const copied = await waitForClipboard(vscode, (text) => text !== "");
        assert.equal(copied.replace(/\s+/g, " ").trim(), shown, "the clipboard holds the answer as shown");
        await turn.getByTestId("turn-copy").filter({ hasText: /Copied/ }).waitFor({ timeout: 5_000 });

        await turn.getByTestId("turn-regenerate").click();
        const regenerated = chat().getByTestId("turn").first();
        await chat().locator(`[data-testid="turn"]:not([data-turn-id="${turnId}"])`).first().waitFor({ timeout: 30_000 });
        await answered();
        assert.equal(await chat().getByTestId("turn").count(), 1, "the new answer took the last one's place");
        assert.notEqual(await regenerated.getAttribute("data-turn-id"), turnId);
        assert.equal((await regenerated.getByTestId("prompt").innerText()).trim(), "Tell me about a fox.");
        const again = (await regenerated.getByTestId("answer").innerText()).replace(/\s+/g, " ").trim();
        assert.ok(again.length > 0);
        assert.notEqual(again, shown, "a new answer, not the old one again");
    });

    it("in VS Code's Chat, a teacher's HTTP 400 is said in @relay's response: our sentence, the server's words as detail, the action that helps", async () => {
        // A real refusal: the tiny teacher has no token for "=" and llama-server answers 400 "unordered_map::at".
        const proxy = await ownTeacher();
        const chatInput = vscode.page.locator(".interactive-input-part").first();
        const modelPicker = chatInput.locator('[aria-label^="Models"]').first();
        // VS Code's Chat lives in the secondary side bar.
        if (!(await chatInput.isVisible())) await vscode.runCommand("View: Toggle Secondary Side Bar Visibility");
        await chatInput.waitFor({ timeout: 30_000 });
        // Without Copilot no model is picked; a participant answers only once one is: Relay's own, as a user picks it.
        await vscode.page.waitForFunction(() => document.querySelector('.interactive-input-part [aria-label^="Models"]')?.getAttribute("aria-label")?.includes("Relay") ?? false, undefined, { timeout: 60_000 });
        await modelPicker.click();
        await vscode.page.locator(".context-view .monaco-list-row").filter({ hasText: /Relay/ }).first().click();
        // Pasted, not typed: typed, "@" opens the participant suggestions, and a key can accept "@agent" before
        // the list has narrowed to "@relay".
        const question = "@relay Once upon a time = one day";
        await chatInput.locator(".monaco-editor").first().click();
        await vscode.page.evaluate((text) => navigator.clipboard.writeText(text), question);
        await vscode.page.keyboard.press("ControlOrMeta+V");
        await chatInput.locator(".monaco-editor").filter({ hasText: question }).waitFor({ timeout: 10_000 });
        await vscode.page.keyboard.press("Enter");
        const response = vscode.page.locator(".interactive-item-container.interactive-response").first();
        await response.filter({ hasText: /student \d+ tok/ }).waitFor({ timeout: SOLVE_MS }).catch(async (error: unknown) => {
            await vscode.screenshot("chat-no-answer");
            throw error;
        });
        await vscode.page.waitForFunction(() => !document.querySelector(".chat-response-loading"), undefined, { timeout: SOLVE_MS });
        await vscode.screenshot("chat-teacher-failure");
        assert.equal(proxy.requests.length, 1, "the call reached the server");
        const text = await response.innerText();
        const note = /Relay: A teacher call failed, so the local model finished this answer alone\. (.*)/.exec(text);
        assert.ok(note, `no failure note in the response:\n${text}`);
        assert.match(note[1]!, /^The teacher at http:\/\/127\.0\.0\.1:\d+\/v1 rejected the request \(400\)\. The server said: “unordered_map::at”\./, "our sentence first, the server's words quoted after it");
        assert.doesNotMatch(text, /TypeError|fetch failed|BadRequestError/, "no library's own words");
        const action = response.getByRole("button", { name: "Test Teacher Connection" });
        await action.waitFor({ timeout: 10_000 });
        await action.click();
        // The server answers the connection test: it lists its one model to pick from.
        const picked = vscode.page.locator(".quick-input-widget .quick-input-title").filter({ hasText: /answers — 1 model/ });
        await picked.waitFor({ timeout: 30_000 });
        await vscode.page.keyboard.press("Escape");
    });
});

/** Waits until a file the workbench saves exists with its text (the write may create it empty first). */
async function waitForText(path: string): Promise<void> {
    await waitUntil(() => existsSync(path) && readFileSync(path, "utf8") !== "", 15_000, `${path} stayed empty`, 100);
}
