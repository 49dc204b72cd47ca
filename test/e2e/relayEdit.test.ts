// Relay edits in the editor, in the real VSIX in code-server (headless Chromium), with the real stories260K
// student and a real llama-server teacher. A grammar in the workspace forces the edit's text, with one teacher
// call in the middle of the code, so the diff, its hunks and the teacher's line are known in advance; the test
// rewrites the grammar file between tests (it is read again for every solve).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readRelayLog, relayStudentSettings, startRelayWorkbench, waitForRelayLog, type RelayWorkbench, type VsCode } from "./support";
const SOLVE_MS = 120_000;

// The tiny TinyStories teacher has no tokens for code's brackets, operators or backticks (llama-server answers 400),
// so the teacher's edit is of prose: a plaintext file, quoted without a fence. The Fix test has no teacher call.
const ORIGINAL = "the cat sat on the mat\nthe dog ran in the park\nthe bird sang a song\nthe end\n";
/** The student's rewrite of the first three lines: "mat" becomes "hat", and the teacher writes a line after the second. */
const EDIT_GRAMMAR = 'root ::= "the cat sat on the hat\\nthe dog ran in the park\\n<call>8</call>\\nthe bird sang a song"\n';
/** An answer the tiny model writes until it is stopped: lines of words whose only ending it never picks. */
const LONG_GRAMMAR = 'root ::= ([a-z ]{3,30} "\\n")+ "@@@@"\n';
/** A fix with prose around the fenced code: only the code may reach the file. */
const FIX_GRAMMAR = 'root ::= "Here is the fix.\\n```ts\\nconst count: number = 3;\\nexport { count };\\n```\\nDone."\n';

describe("Relay edits in the editor (code-server in headless Chromium)", () => {
    let workbench: RelayWorkbench;
    let vscode: VsCode;
    let workspaceDir: string;
    let userDataDir: string;

    const editor = (name: string) => vscode.page.locator(`.monaco-editor[data-uri$="${name}"]`).first();
    const lens = (text: string | RegExp) => vscode.page.locator(".codelens-decoration a, .codelens-decoration span").filter({ hasText: text });
    /** The pending hunk's lens titled `title`, counting from the top of the editor (DOM order is not line order). */
    const hunkLens = async (title: string, fromTop: number) => {
        const matches = lens(new RegExp(`^${title}$`));
        await matches.first().waitFor({ timeout: 10_000 });
        const placed = await Promise.all((await matches.all()).map(async (element) => ({ element, box: await element.boundingBox() })));
        placed.sort((a, b) => (a.box?.y ?? 0) - (b.box?.y ?? 0) || (a.box?.x ?? 0) - (b.box?.x ?? 0));
        return placed[fromTop]!.element;
    };
    /** Saves the active editor (dirty: auto save is off) and returns the file's text on disk once the save is done. */
    const saved = async (name: string) => {
        const dirtyTab = vscode.page.locator(".tab.dirty").filter({ hasText: name });
        await dirtyTab.waitFor({ timeout: 10_000 });
        await vscode.page.keyboard.press("ControlOrMeta+S");
        await dirtyTab.waitFor({ state: "detached", timeout: 10_000 });
        return readFileSync(join(workspaceDir, name), "utf8");
    };
    /** Focuses the editor, selects `lines` whole lines from the top, and starts "Relay: Edit Selection" with its key. */
    const editTop = async (name: string, lines: number, instruction: string) => {
        await editor(name).locator(".view-lines").click();
        await vscode.page.keyboard.press("ControlOrMeta+Home");
        for (let line = 0; line < lines; line++) await vscode.page.keyboard.press("Shift+ArrowDown");
        await vscode.page.keyboard.press("Control+Alt+E");
        const box = vscode.page.locator(".quick-input-widget .quick-input-box input");
        await box.waitFor({ state: "visible", timeout: 10_000 });
        await box.fill(instruction);
        await box.press("Enter");
    };

    before(async () => {
        workbench = await startRelayWorkbench({
            name: "e2e-relay-edit",
            settings: (teacher) => ({
                ...relayStudentSettings(),
                "relay.teacher.baseUrl": teacher.baseURL,
                "relay.teacher.model": "tinystories",
                "relay.student.grammarFile": "edit.gbnf",
                "relay.student.contextSize": 8192,
                "relay.limits.maxTokens": 8000,
                "editor.codeLens": true,
                // code-server (VS Code for the Web) saves after a delay by default; the test saves when it reads the file.
                "files.autoSave": "off",
            }),
            files: () => ({ "notes.txt": ORIGINAL, "edit.gbnf": EDIT_GRAMMAR, "broken.ts": 'const count: number = "three";\nexport { count };\n' }),
            viewport: { width: 1600, height: 800 },
        });
        ({ vscode, workspaceDir, userDataDir } = workbench);
    });

    after(async () => {
        if (workbench) writeFileSync(join(workbench.artifactsDir, "relay-output.log"), readRelayLog(userDataDir));
        await workbench?.stop();
    });

    // This answer streams in well under a second (shorter than VS Code's CodeLens refresh); the Stop test below watches one stream.
    it("Edit Selection puts the answer's code in as a diff, the teacher's line marked; one hunk accepted, one rejected; one undo restores the original", async () => {
        await vscode.openFile("notes.txt");
        const meterBefore = await vscode.statusBarText(/Relay \d/);
        const started = Date.now();
        await editTop("notes.txt", 3, "put a hat on the cat");
        await lens(/^Relay edit: 2 changes/).waitFor({ timeout: SOLVE_MS });
        console.log(`relay edit: instruction to review in ${Date.now() - started} ms (student load included)`);
        await vscode.screenshot("relay-edit-diff");
        const header = await lens(/^Relay edit:/).innerText();
        assert.match(header, /2 changes, 1 line by the teacher/);
        await lens("teacher wrote 1 line here").waitFor();
        // The teacher's line carries the "← teacher" label after its text (a decoration's ::after content).
        const labelled = await editor("notes.txt").evaluate((root) =>
            [...root.querySelectorAll(".view-line span")].filter((span) => getComputedStyle(span, "::after").content.includes("teacher")).map((span) => span.closest(".view-line")?.textContent ?? ""),
        );
        assert.equal(labelled.length, 1, `one line labelled as the teacher's: ${JSON.stringify(labelled)}`);
        assert.ok(!ORIGINAL.split("\n").includes(labelled[0]!.replace(/\u00a0/g, " ")) && !/hat/.test(labelled[0]!), `the labelled line is the teacher's text, not a forced line: ${labelled[0]}`);
        const log = await waitForRelayLog(userDataDir, /relay edit: [a-z-]+, \d+ student and [1-9]\d* teacher tokens; the student's prompt: [^\n]*/, 10_000);
        assert.match(log, /notes\.txt, a plaintext file[^\n]*after the selection:\\nthe end[^\n]*put a hat on the cat/, "the prompt names the language, holds the text after the selection and the instruction");
        assert.notEqual(await vscode.statusBarText(/Relay \d/), meterBefore, "the edit's usage reached the meter");

        // The first hunk ("mat" to "hat") shares the header's row; the second is the teacher's line.
        await (await hunkLens("Accept", 0)).click();
        await lens(/^Relay edit: 1 changes, 1 line by the teacher/).waitFor({ timeout: 10_000 });
        await (await hunkLens("Reject", 0)).click();
        await lens(/^Relay edit:/).waitFor({ state: "detached", timeout: 10_000 });
        assert.equal(await saved("notes.txt"), ORIGINAL.replace("mat", "hat"), "the accepted hunk is in, the rejected one is not");

        await editor("notes.txt").locator(".view-lines").click();
        await vscode.page.keyboard.press("ControlOrMeta+Z");
        assert.equal(await saved("notes.txt"), ORIGINAL, "one undo restores the original");
    });

    it("Stop (Escape) mid-edit ends the stream; what it wrote waits for review and Reject All restores the file", async () => {
        writeFileSync(join(workspaceDir, "edit.gbnf"), LONG_GRAMMAR);
        await editTop("notes.txt", 3, "rewrite it");
        await lens("Relay is writing…").waitFor({ timeout: SOLVE_MS });
        // Some streamed lines are in the editor before the stop.
        await editor("notes.txt").locator(".view-line").nth(12).waitFor({ timeout: SOLVE_MS });
        await vscode.screenshot("relay-edit-streaming");
        const pressed = Date.now();
        await vscode.page.keyboard.press("Escape");
        await lens(/^Relay edit \(stopped\)/).waitFor({ timeout: 10_000 });
        console.log(`relay edit: Escape to the stopped review in ${Date.now() - pressed} ms`);
        await waitForRelayLog(userDataDir, /relay edit: aborted, /, 10_000);
        await vscode.page.keyboard.press("Control+Shift+Backspace");
        await lens(/^Relay edit/).waitFor({ state: "detached", timeout: 10_000 });
        assert.equal(await saved("notes.txt"), ORIGINAL);
    });

    it("Relay: Fix in the lightbulb of a TypeScript error runs a relay edit whose prompt holds the diagnostic", async () => {
        writeFileSync(join(workspaceDir, "edit.gbnf"), FIX_GRAMMAR);
        await vscode.openFile("broken.ts");
        // The TypeScript server starts on the first .ts file: its squiggle can take a while on 2 cores.
        await editor("broken.ts").locator(".squiggly-error").first().waitFor({ timeout: 120_000 });
        await editor("broken.ts").locator(".view-lines").click();
        await vscode.page.keyboard.press("ControlOrMeta+Home");
        await vscode.page.keyboard.press("ControlOrMeta+.");
        const fix = vscode.page.locator(".action-widget .monaco-list-row").filter({ hasText: /^Relay: Fix/ }).first();
        await fix.waitFor({ timeout: 30_000 });
        assert.ok(await vscode.page.locator(".action-widget .monaco-list-row").filter({ hasText: /^Relay: Explain/ }).count(), "Explain is offered beside Fix");
        await vscode.screenshot("relay-fix-code-action");
        await fix.click();
        await lens(/^Relay edit/).first().waitFor({ timeout: SOLVE_MS });
        const line = await waitForRelayLog(userDataDir, /relay edit: [a-z-]+, [^\n]*the student's prompt: [^\n]*broken\.ts[^\n]*/, 10_000);
        assert.match(line, /line 1, column 7, error from ts: Type 'string' is not assignable to type 'number'/, "the diagnostic, its place and its source are in the prompt");
        assert.match(line, /const count: number = \\"three\\";/, "the code around it is in the prompt");
        await vscode.screenshot("relay-fix-diff");
        await vscode.page.keyboard.press("Control+Shift+Enter");
        await lens(/^Relay edit/).waitFor({ state: "detached", timeout: 10_000 });
        const fixed = await saved("broken.ts");
        assert.equal(fixed, "const count: number = 3;\nexport { count };\n", "the fix is in, and the file keeps its last line break");
        assert.doesNotMatch(fixed, /Here is|Done|```/, "the answer's prose and fence stay out of the file");
    });
});
