import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { delimiter } from "node:path";
import { ensureGgufPy } from "./ggufPySource";
import { trainingDir } from "./projectPaths";
import type { TokenizedExample } from "./tokenizeFacts";

/** Packages the trainer needs, as Debian names them (see training/README.md). */
export const DEBIAN_PACKAGES = "python3-torch python3-numpy python3-yaml libopenblas0-pthread";

/** One fine-tuning job for `python3 -m relaytrain` (the fields and defaults are documented in training/relaytrain/finetune.py). */
export interface TrainingJob {
    base: string;
    out: string;
    metrics: string;
    seed: number;
    threads: number;
    steps: number;
    lr: number;
    warmupSteps: number;
    batchSize: number;
    clip: number;
    replay: { stories: number; heldOut: number; length: number; batchSize: number; klWeight: number };
    examples: TokenizedExample[];
    probes: { id: string; prompt: number[]; steps: number }[];
}

/** Where the trainer runs: the interpreter, and the folders on its PYTHONPATH. */
export interface PythonEnvironment {
    /** Default `/usr/bin/python3` (Debian's, where python3-torch lives). */
    python: string;
    /** The `training/` folder and the gguf-py folder. */
    pythonPath: string[];
}

/** Fails with the install command when the interpreter cannot import torch, numpy or yaml. */
export function checkPython(env: PythonEnvironment): void {
    const probe = spawnSync(env.python, ["-c", "import torch, numpy, yaml"], { encoding: "utf8" });
    if (probe.error || probe.status !== 0) {
        const why = probe.error ? probe.error.message : probe.stderr.trim().split("\n").pop();
        throw new Error(`${env.python} cannot run the trainer (${why}); install it with: apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES}`);
    }
}

/** Runs one fine-tuning job of the test bed's trainer (`python3 -m relaytrain`); its stdout goes to `log`. */
export function runTrainingJob(job: TrainingJob, jobPath: string, env: PythonEnvironment, log: (line: string) => void): Promise<void> {
    return runPythonJob("relaytrain", job, jobPath, env, job.threads, log);
}

/**
 * Runs `python3 -m MODULE JOB.json` from training/ with the job written to `jobPath`: its stdout goes to
 * `log`, and a failure is one error with the module's last stderr lines.
 */
export function runPythonJob(module: string, job: object, jobPath: string, env: PythonEnvironment, threads: number, log: (line: string) => void): Promise<void> {
    writeFileSync(jobPath, JSON.stringify(job));
    return new Promise((resolve, reject) => {
        const child = spawn(env.python, ["-m", module, jobPath], {
            env: {
                ...process.env,
                PYTHONPATH: [...env.pythonPath, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
                // One thread: identical results across runs, and the 2-core machines stay usable.
                OMP_NUM_THREADS: String(threads),
                OPENBLAS_NUM_THREADS: String(threads),
                PYTHONHASHSEED: "0",
                // No __pycache__ folders in the source tree.
                PYTHONDONTWRITEBYTECODE: "1",
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => log(chunk.toString().trimEnd()));
        child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
        });
        child.on("error", reject);
        child.on("close", (code) => {
            if (code === 0) resolve();
            else reject(new Error(`${module} failed (exit ${code}) on ${jobPath}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
        });
    });
}

/** The trainer's interpreter (`python`, else RELAYLLM_PYTHON, else Debian's) with training/ and gguf-py on its path, checked. */
export function pythonEnvironment(python: string | undefined, cacheRoot: string): PythonEnvironment {
    const env = { python: python ?? process.env.RELAYLLM_PYTHON ?? "/usr/bin/python3", pythonPath: [trainingDir(), ensureGgufPy(cacheRoot)] };
    checkPython(env);
    return env;
}

/** An empty folder beside `dir` for this process to build in (renamed into place when the build succeeds). */
export function freshWorkDir(dir: string): string {
    const work = `${dir}.build-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    return work;
}
