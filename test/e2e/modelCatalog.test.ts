// "Relay: Select Student Model" and "Relay: Ask About Selection" in the real VSIX in code-server (headless
// Chromium). The catalog's `hf:` models come from a loopback Hugging Face mirror (test/support/huggingFaceMirror.ts)
// that the extension host reaches through HF_ENDPOINT, the variable node-llama-cpp, llama.cpp and huggingface_hub
// read for a mirror: only the environment of the process sets it, never a setting. The mirror serves the real
// stories260K (padded to 20 MB, so that a download takes long enough to cancel) and, for the Qwen 3 entries,
// header-only stand-ins of Qwen3's shapes (test/support/qwen3ShapedGguf.ts), since the real files cannot be
// downloaded here. code-server gets a home of its own, so downloads land in a fresh `~/.node-llama-cpp/models`.
// The Ask About Selection tests run on the student the download test selected.
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "jsonc-parser";
import type { FrameLocator } from "playwright-core";
import { estimateStudentFit, fitLabel, readMachineMemory, recommendedStudents, sizeLabel, type MachineMemory } from "../../src/student/catalog";
import { HuggingFaceMirror } from "../support/huggingFaceMirror";
import { studentModelPath } from "../support/paths";
import { waitUntil } from "../support/waitFor";
import { qwen3Shapes, writeQwen3ShapedGguf, type Qwen3Quantization } from "../support/qwen3ShapedGguf";
import { readRelayLog, startRelayWorkbench, type RelayWorkbench, type VsCode } from "./support";

const SOLVE_MS = 120_000;
/** At this context, on a machine with 24 GB of RAM and no GPU, Qwen3 8B is too large and the smaller ones run on the CPU. */
const CONTEXT_SIZE = 65_536;
const CHUNK = 5 * 1024 * 1024;
const STUDENT_URI = "hf:relayllm-test/stories260K-GGUF:Q8_0";
const BROKEN_URI = "hf:relayllm-test/stories260K-broken-GGUF:Q8_0";

describe("the student model catalog and Ask About Selection in a real VS Code (code-server in headless Chromium)", () => {
    let workbench: RelayWorkbench;
    let vscode: VsCode;
    let mirror: HuggingFaceMirror;
    let modelsDir: string;
    let machine: MachineMemory;
    let student: string;
    const expectedFits = new Map<string, string>();

    const quickInput = () => vscode.page.locator(".quick-input-widget");
    const quickInputTitle = (title: string) => quickInput().locator(".quick-input-title").filter({ hasText: title });
    const rows = () => quickInput().locator(".monaco-list-row");
    /** Narrows the open quick pick to `filter` and returns the one row that has `text`. */
    const pickRow = async (filter: string, text: string | RegExp) => {
        await quickInput().locator(".quick-input-box input").fill(filter);
        const row = rows().filter({ hasText: text }).first();
        await row.waitFor({ timeout: 10_000 });
        return row;
    };
    const openCatalog = async () => {
        await vscode.runCommand("Relay: Select Student Model");
        await quickInputTitle("Relay: Select Student Model").waitFor({ timeout: 15_000 });
    };
    /** "Enter a model URI…" in the catalog, then the URI in its box. */
    const chooseUri = async (uri: string) => {
        await openCatalog();
        await (await pickRow("Enter a model URI", /Enter a model URI/)).click();
        await quickInputTitle("Relay: student model URI").waitFor({ timeout: 10_000 });
        await quickInput().locator(".quick-input-box input").fill(uri);
        await vscode.page.keyboard.press("Enter");
    };
    const userSettings = (): Record<string, unknown> => parse(readFileSync(join(workbench.userDataDir, "User", "settings.json"), "utf8")) ?? {};
    const waitFor = (what: string, done: () => boolean, timeoutMs = 30_000) => waitUntil(done, timeoutMs, `timed out waiting for ${what}`, 100);
    const toast = (text: string | RegExp) => vscode.page.locator(".notifications-toasts .notification-list-item").filter({ hasText: text }).first();
    /** Where each ranged request for `repo`'s file started, from request `from` on (the catalog reads other models' headers meanwhile). */
    const rangeStarts = (repo: string, from: number) =>
        mirror.server.requests.slice(from).flatMap(({ path, range }) => (range && path.startsWith(`/${repo}/resolve/`) ? [Number(/^bytes=(\d+)-/.exec(range)![1])] : []));

    before(async () => {
        const root = mkdtempSync(join(tmpdir(), "relay-catalog-files-"));
        mirror = await HuggingFaceMirror.start();
        student = join(root, "stories260K-Q8_0.gguf");
        copyFileSync(studentModelPath, student);
        appendFileSync(student, Buffer.alloc(20_000_000));
        mirror.add("relayllm-test/stories260K-GGUF", "Q8_0", student);
        mirror.add("relayllm-test/stories260K-broken-GGUF", "Q8_0", student);
        const shaped = join(root, "shaped");
        mkdirSync(shaped);
        for (const [size, shape] of Object.entries(qwen3Shapes)) {
            for (const quantization of ["Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M"] as const satisfies Qwen3Quantization[]) {
                const file = join(shaped, `Qwen3-${size}-${quantization}.gguf`);
                writeQwen3ShapedGguf(file, `Qwen3 ${size}`, shape, quantization);
                mirror.add(`Qwen/Qwen3-${size}-GGUF`, quantization, file);
            }
        }
        // What node-llama-cpp's insights say of each mirrored model on this machine, computed here as the extension should.
        process.env.HF_ENDPOINT = mirror.endpoint;
        machine = await readMachineMemory();
        for (const uri of recommendedStudents.flatMap((entry) => entry.uris).filter((uri) => uri.startsWith("hf:Qwen/Qwen3-"))) {
            const fit = await estimateStudentFit(uri, CONTEXT_SIZE, machine);
            expectedFits.set(uri, `${sizeLabel(fit.size)} · ${fitLabel(fit.fit)}`);
        }
        const home = mkdtempSync(join(tmpdir(), "relay-catalog-home-"));
        modelsDir = join(home, ".node-llama-cpp", "models");
        workbench = await startRelayWorkbench({
            name: "e2e-model-catalog",
            // No student yet: the catalog chooses it. Teacher-free: the tiny teacher has no tokens for TypeScript's punctuation.
            settings: () => ({
                "relay.student.threads": 1,
                "relay.student.gpu": false,
                "relay.student.temperature": 0,
                "relay.student.contextSize": CONTEXT_SIZE,
                "relay.teacherFree": true,
                "relay.limits.maxTokens": 24,
            }),
            files: () => ({ "broken.ts": 'const count: number = "three";\nexport { count };\n' }),
            env: { HF_ENDPOINT: mirror.endpoint, HOME: home },
            viewport: { width: 1500, height: 1150 },
        });
        ({ vscode } = workbench);
    });

    after(async () => {
        if (workbench) appendFileSync(join(workbench.artifactsDir, "relay-output.log"), readRelayLog(workbench.userDataDir));
        await workbench?.stop();
        await mirror?.close();
        delete process.env.HF_ENDPOINT;
    });

    it("lists the recommended students with their size and fit on this machine, as node-llama-cpp's insights estimate them", async () => {
        for (const [uri, facts] of expectedFits) assert.match(facts, /· (fits on GPU|CPU only|too large)$/, `${uri} has a fit on this machine`);
        console.log(`catalog: fits here at ${CONTEXT_SIZE} tokens: ${[...expectedFits].map(([uri, facts]) => `${uri} ${facts}`).join("; ")}`);
        await openCatalog();
        const placeholder = await quickInput().locator(".quick-input-box input").getAttribute("placeholder");
        assert.match(placeholder ?? "", /65,536 tokens of context/);
        for (const [uri, facts] of expectedFits) {
            const row = await pickRow(uri, uri);
            await row.filter({ hasText: facts }).waitFor({ timeout: 60_000 }).catch(async () => assert.fail(`${uri}: expected "${facts}", the row says "${await row.innerText()}"`));
        }
        // A repository the mirror does not hold is unknown, not offline: the host answered.
        const unknown = await pickRow("hf:unsloth/Qwen3.5-0.8B-GGUF:Q8_0", "Qwen3.5-0.8B");
        await unknown.filter({ hasText: "size unknown · fit unknown" }).waitFor({ timeout: 60_000 });
        assert.ok(!(await unknown.innerText()).includes("offline"), await unknown.innerText());
        await quickInput().locator(".quick-input-box input").fill("");
        await rows().filter({ hasText: "Qwen 3 0.6B" }).first().waitFor();
        await vscode.screenshot("model-catalog-top");
        // The mirrored entries together, for the README: what "CPU only" and "too large" look like side by side.
        await quickInput().locator(".quick-input-box input").fill("hf:Qwen/Qwen3-");
        await rows().filter({ hasText: "hf:Qwen/Qwen3-8B-GGUF:Q8_0" }).waitFor();
        await vscode.screenshot("model-catalog");
        await vscode.page.keyboard.press("Escape");
        await quickInput().waitFor({ state: "hidden" });
    });

    it("downloads a chosen model with progress in a notification; Cancel keeps its progress, choosing it again resumes; it lands in user settings", async () => {
        mirror.server.mode = "slow";
        mirror.server.stopAt = CHUNK + 500_000;
        await chooseUri(STUDENT_URI);
        const progress = toast(/downloading hf:relayllm-test\/stories260K-GGUF:Q8_0/);
        // In the slow part: past the first chunk, whose progress the downloader has written.
        await progress.filter({ hasText: /\b([6-9]|1\d)(\.\d)? MB of 20 MB/ }).waitFor({ timeout: 60_000 });
        await vscode.screenshot("model-download-progress");
        await progress.getByRole("button", { name: "Cancel" }).click();
        await toast(/cancelled; choosing it again resumes it/).waitFor({ timeout: 15_000 });
        assert.equal(userSettings()["relay.student.model"], undefined, "a cancelled download selects nothing");
        assert.deepEqual(readdirSync(modelsDir).filter((name) => name.endsWith(".gguf")), [], "no model file, only the partial download");
        await vscode.clearNotifications();

        mirror.server.mode = "whole";
        const before = mirror.server.requests.length;
        const started = Date.now();
        await chooseUri(STUDENT_URI);
        await waitFor("the student model in user settings", () => userSettings()["relay.student.model"] === STUDENT_URI, 60_000);
        console.log(`catalog: resumed download to user settings in ${Date.now() - started} ms`);
        const starts = rangeStarts("relayllm-test/stories260K-GGUF", before);
        assert.ok(starts.length > 0 && starts.every((start) => start >= CHUNK), `resumed from a whole chunk, not restarted: ranges from ${starts}`);
        const file = join(modelsDir, "hf_relayllm-test_stories260K.Q8_0.gguf");
        assert.deepEqual(readFileSync(file), readFileSync(student));
        const workspaceSettings = join(workbench.workspaceDir, ".vscode", "settings.json");
        assert.ok(!existsSync(workspaceSettings) || !readFileSync(workspaceSettings, "utf8").includes("relay.student.model"), "a machine's model path stays out of the workspace");
    });

    it("a download cut short upstream is refused and deleted, and never becomes the selected model", async () => {
        mirror.server.mode = "truncated";
        mirror.server.stopAt = 600_000;
        await vscode.clearNotifications();
        await chooseUri(BROKEN_URI);
        const refused = toast(/is not a usable model, so it was deleted/);
        await refused.waitFor({ timeout: 60_000 });
        assert.match(await refused.innerText(), /stories260K-broken-GGUF/);
        await vscode.screenshot("model-download-refused");
        assert.equal(userSettings()["relay.student.model"], STUDENT_URI, "the earlier choice stands");
        assert.deepEqual(readdirSync(modelsDir).filter((name) => name.includes("broken") && name.endsWith(".gguf")), []);
        mirror.server.mode = "whole";
        await vscode.clearNotifications();
    });

    it("a host that cannot be reached is said to be offline, with Retry, and selects nothing", async () => {
        await chooseUri("http://127.0.0.1:9/model.gguf");
        const offline = toast(/offline: .*127\.0\.0\.1:9 cannot be reached/);
        await offline.waitFor({ timeout: 30_000 });
        await offline.getByRole("button", { name: "Retry" }).waitFor();
        assert.equal(userSettings()["relay.student.model"], STUDENT_URI);
        await vscode.clearNotifications();
    });

    it("lists the downloaded model with its size and fit", async () => {
        const file = join(modelsDir, "hf_relayllm-test_stories260K.Q8_0.gguf");
        const fit = await estimateStudentFit(file, CONTEXT_SIZE, machine);
        await openCatalog();
        const row = await pickRow("hf_relayllm-test_stories260K", "hf_relayllm-test_stories260K.Q8_0.gguf");
        await row.filter({ hasText: fitLabel(fit.fit) }).waitFor({ timeout: 30_000 });
        assert.match(await row.innerText(), new RegExp(`${sizeLabel(statSync(file).size)} · last used`));
        await vscode.screenshot("model-catalog-downloaded");
        await vscode.page.keyboard.press("Escape");
        await quickInput().waitFor({ state: "hidden" });
    });

    describe("Relay: Ask About Selection", () => {
        const chat = (): FrameLocator => vscode.webview({ extensionId: "relayllm.relayllm" });
        const turns = () => chat().getByTestId("turn");
        const ask = async (question: string) => {
            const count = await turns().count();
            await chat().getByTestId("prompt-input").fill(question);
            await chat().getByTestId("prompt-input").press("Enter");
            await turns().nth(count).waitFor({ timeout: 30_000 });
            await chat().getByTestId("send").waitFor({ timeout: SOLVE_MS });
            return turns().nth(count);
        };
        const askAboutAll = async () => {
            await vscode.selectAll();
            await vscode.runCommand("Relay: Ask About Selection");
        };

        it("attaches the selection with the problems VS Code reports in it; the question holds them", async () => {
            await vscode.openFile("broken.ts");
            // The TypeScript server starts on the first .ts file: its squiggle can take a while on 2 cores.
            await vscode.page.locator('.monaco-editor[data-uri$="broken.ts"] .squiggly-error').first().waitFor({ timeout: 120_000 });
            await askAboutAll();
            await chat().getByTestId("attachment").waitFor({ timeout: 15_000 });
            assert.equal(await chat().getByTestId("attachment-label").innerText(), "broken.ts (2 lines, 1 problem)");
            assert.equal(await chat().getByTestId("attachment-problems").innerText(), "line 1, error: Type 'string' is not assignable to type 'number'.");
            await vscode.screenshot("ask-about-selection-problems");
            const turn = await ask("What is wrong here?");
            assert.equal(await turn.getAttribute("data-status"), "done", "the downloaded student answered");
            const problem = /Problems reported in this code \(line 1 is its first line\):\s*-? ?line 1, error: Type 'string' is not assignable to type 'number'\./;
            assert.match(await turn.getByTestId("prompt").innerText(), problem);
            assert.match(await turn.getByTestId("sent-prompt-text").textContent() ?? "", problem, "the student read the problem");
        });

        it("with a conversation open, asks where: a new conversation by default, or added to the open one", async () => {
            const firstTitle = (await chat().getByTestId("conversation-title").innerText()).trim();
            await askAboutAll();
            await quickInputTitle("Relay: Ask About Selection").waitFor({ timeout: 15_000 });
            assert.match(await rows().nth(0).innerText(), /New conversation/);
            assert.match(await rows().nth(1).innerText(), new RegExp(`Add to “${firstTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}”`));
            await vscode.screenshot("ask-about-selection-where");
            await vscode.page.keyboard.press("Enter");
            await turns().first().waitFor({ state: "detached", timeout: 10_000 });
            await chat().getByTestId("attachment").waitFor({ timeout: 15_000 });
            await ask("Explain it.");
            assert.equal(await turns().count(), 1, "a new conversation holds only this question");
            await chat().getByTestId("history-toggle").click();
            assert.equal(await chat().getByTestId("history-item").count(), 2);
            await chat().getByTestId("history-toggle").click();

            await askAboutAll();
            await quickInputTitle("Relay: Ask About Selection").waitFor({ timeout: 15_000 });
            await rows().filter({ hasText: "Add to" }).click();
            await chat().getByTestId("attachment").waitFor({ timeout: 15_000 });
            assert.equal(await turns().count(), 1, "the open conversation is still shown");
            await ask("And now?");
            assert.equal(await turns().count(), 2, "added to the open conversation");
        });
    });
});
