import { appendFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from "playwright-core";
import { codeServerInstall } from "./codeServer";

/** How to open the workbench. */
export interface OpenVsCodeOptions {
    /** Where screenshots and `browser-console.log` go (created when missing). */
    artifactsDir: string;
    /** Browser viewport. Default 1400×900. */
    viewport?: { width: number; height: number };
    /** Longest wait for the workbench to appear, in milliseconds. Default 90000 (the first load on 2 cores takes about 10 s). */
    timeoutMs?: number;
}

/** Where a webview lives: VS Code puts each in `iframe.webview` with an inner `#active-frame` holding the extension's HTML. */
export interface WebviewMatch {
    /** Only webviews of this extension (`publisher.name`). Default any. */
    extensionId?: string;
}

/** A real VS Code workbench in headless Chromium, with the moves a person makes. */
export interface VsCode {
    /** The Playwright page, for anything the helpers below do not cover. */
    page: Page;
    /** Runs a command by the title the palette shows ("Hello: Say Hi"), waiting up to `timeoutMs` (default 30000) for extensions to register it. */
    runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
    /** Opens a file (absolute, or relative to the workspace) through Quick Open and waits for its editor tab. */
    openFile(path: string): Promise<void>;
    /** Selects all text in the active text editor. */
    selectAll(): Promise<void>;
    /** A status bar item: a string is its element id (`<publisher>.<name>.<item id>` for `createStatusBarItem(id, …)`), a RegExp its text. */
    statusBarItem(match: string | RegExp): Locator;
    /** The visible text of a status bar item, once it is visible. */
    statusBarText(match: string | RegExp): Promise<string>;
    /** The inside of a visible webview (panel, view or custom editor), for locators and clicks. */
    webview(match?: WebviewMatch): FrameLocator;
    /** The messages of the notification toasts now showing. */
    notifications(): Promise<string[]>;
    /** Dismisses every notification (toasts and the notification center's list). */
    clearNotifications(): Promise<void>;
    /** Saves `<artifactsDir>/<name>.png` and returns its path. */
    screenshot(name: string): Promise<string>;
    /** Closes the browser. */
    close(): Promise<void>;
}

/** Chromium flags for this closed network: no background connections that the machine would refuse. */
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run"];

/** Launches headless Chromium (a fresh profile each time), opens code-server's workbench at `url` and waits until it is ready. */
export async function openVsCode(url: string, options: OpenVsCodeOptions): Promise<VsCode> {
    const install = await codeServerInstall();
    mkdirSync(options.artifactsDir, { recursive: true });
    const browser = await chromium.launch({ executablePath: install.chromium, headless: true, args: chromiumArgs });
    try {
        const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
        const page = await context.newPage();
        recordConsole(page, join(options.artifactsDir, "browser-console.log"));
        await page.goto(url);
        await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: options.timeoutMs ?? 90_000 });
        return driver(page, browser, options.artifactsDir);
    } catch (error) {
        const page = browser.contexts()[0]?.pages()[0];
        await page?.screenshot({ path: join(options.artifactsDir, "open-failure.png") }).catch(() => undefined);
        await browser.close();
        throw error;
    }
}

function driver(page: Page, browser: Browser, artifactsDir: string): VsCode {
    const quickInput = page.locator(".quick-input-widget");
    const quickInputBox = quickInput.locator(".quick-input-box input");
    const rowLabelled = (label: string) =>
        quickInput.locator(".monaco-list-row").filter({ has: page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();

    const openQuickInput = async (key: string) => {
        await page.keyboard.press(key);
        // Focus inside a webview can swallow the key; the other palette binding gets through.
        if (!(await quickInputBox.waitFor({ state: "visible", timeout: 3000 }).then(() => true, () => false))) {
            await page.keyboard.press("Control+Shift+P");
            await quickInputBox.waitFor({ state: "visible", timeout: 5000 });
        }
    };

    const vscode: VsCode = {
        page,
        async runCommand(title, { timeoutMs = 30_000 } = {}) {
            const deadline = Date.now() + timeoutMs;
            // Extension commands appear only after the extension host has scanned extensions, seconds after the workbench shows.
            for (;;) {
                // The palette can close again right after opening (focus moving to a view that is just
                // opening, the workbench still restoring): then the whole attempt is repeated.
                const typed = await openQuickInput("F1")
                    .then(() => quickInputBox.fill(`>${title}`, { timeout: 5000 }))
                    .then(() => true, () => false);
                const row = rowLabelled(title);
                // It can also close between the row showing and the click (seen after a page reload): a click
                // that finds no visible row is an attempt that failed, not a wait of the whole timeout.
                if (typed && (await row.waitFor({ state: "visible", timeout: 2000 }).then(() => true, () => false)) && (await row.click({ timeout: 3000 }).then(() => true, () => false))) {
                    // A command that opens a quick pick of its own reuses the widget at once, so the palette is gone
                    // when the widget is hidden or no longer holds the palette's `>` text.
                    await page.waitForFunction(() => {
                        const widget = document.querySelector<HTMLElement>(".quick-input-widget");
                        return !widget?.checkVisibility() || !widget.querySelector<HTMLInputElement>(".quick-input-box input")?.value.startsWith(">");
                    });
                    return;
                }
                await page.keyboard.press("Escape");
                if (Date.now() > deadline) throw new Error(`no command titled "${title}" in the command palette after ${timeoutMs} ms`);
            }
        },
        async openFile(path) {
            const name = basename(path);
            const deadline = Date.now() + 45_000;
            for (;;) {
                // As in runCommand: a palette that closed under us is opened again. File search runs ripgrep
                // on the server; the first results take about 3 s.
                const opened = await openQuickInput("F1")
                    .then(() => quickInputBox.fill(path, { timeout: 5000 }))
                    .then(() => rowLabelled(name).click({ timeout: 15_000 }))
                    .then(() => true, () => false);
                if (opened) break;
                await page.keyboard.press("Escape");
                if (Date.now() > deadline) throw new Error(`could not open ${path} through Quick Open`);
            }
            // A tab's label splits the name ("hello" + ".txt"); its aria-label keeps it whole.
            await page.locator(`.tab.active[aria-label^="${cssString(name)}"]`).first().waitFor({ state: "visible" });
        },
        async selectAll() {
            // A command, not a click: a click would move the cursor, and modal editors make ".active" groups ambiguous.
            await vscode.runCommand("View: Focus Active Editor Group");
            await page.keyboard.press("ControlOrMeta+A");
        },
        statusBarItem(match) {
            const items = page.locator("#workbench\\.parts\\.statusbar .statusbar-item");
            return typeof match === "string" ? page.locator(`#workbench\\.parts\\.statusbar [id="${cssString(match)}"]`) : items.filter({ hasText: match }).first();
        },
        async statusBarText(match) {
            const item = vscode.statusBarItem(match);
            await item.waitFor({ state: "visible" });
            return (await item.innerText()).trim();
        },
        webview({ extensionId } = {}) {
            let frames = page.locator("iframe.webview.ready").filter({ visible: true });
            if (extensionId !== undefined) frames = frames.and(page.locator(`iframe[src*="extensionId=${encodeURIComponent(extensionId)}"]`));
            return frames.last().contentFrame().locator("#active-frame").contentFrame();
        },
        async notifications() {
            return (await page.locator(".notifications-toasts .notification-list-item-message").allInnerTexts()).map((text) => text.trim());
        },
        async clearNotifications() {
            await vscode.runCommand("Notifications: Clear All Notifications");
        },
        async screenshot(name) {
            const path = join(artifactsDir, `${name}.png`);
            await page.screenshot({ path });
            return path;
        },
        async close() {
            await browser.close();
        },
    };
    return vscode;
}

function recordConsole(page: Page, logPath: string): void {
    const append = (line: string) => appendFileSync(logPath, `${new Date().toISOString()} ${line}\n`);
    page.on("console", (message) => append(`[${message.type()}] ${message.text()}`));
    page.on("pageerror", (error) => append(`[pageerror] ${error.stack ?? error.message}`));
}

/** Escapes text for a double-quoted CSS attribute value. */
function cssString(text: string): string {
    return text.replace(/["\\]/g, "\\$&");
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
