// Installs the Debian packages the tests need when they are missing: with apt-get when run as root (CI, a
// fresh container), else one error naming the command to run.
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The test bed's trainer (training/) runs on Debian's PyTorch with OpenBLAS, through /usr/bin/python3. */
export const TRAINING_PACKAGES = ["python3-torch", "python3-numpy", "python3-yaml", "libopenblas0-pthread"];

/** Installs whichever of `packages` dpkg does not list as installed. */
export function ensureDebianPackages(packages, { log = (line) => process.stderr.write(line + "\n") } = {}) {
    const missing = packages.filter((name) => spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" }).stdout !== "install ok installed");
    if (missing.length === 0) return;
    if (process.getuid?.() !== 0) throw new Error(`missing Debian packages (run as root: apt-get install -y ${missing.join(" ")})`);
    log(`relayllm: installing Debian packages ${missing.join(" ")}...`);
    const apt = (args) => execFileSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
}

// `node scripts/ensure-debian-packages.mjs`: installs the trainer's packages (.ci/run does, before npm install).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    try {
        ensureDebianPackages(TRAINING_PACKAGES);
    } catch (error) {
        console.error(`relayllm: ${error.message}`);
        process.exit(1);
    }
}
