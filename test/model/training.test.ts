// The Python trainer's own tests (training/tests, unittest) on the real shared models, run by `npm test`.
// They need Debian's python3-torch (installed by .ci/run) and gguf-py from node-llama-cpp's llama.cpp source.
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { delimiter } from "node:path";
import { it } from "node:test";
import { ensureGgufPy } from "../../src/testbed/ggufPySource";
import { relayCacheRoot, trainingDir } from "../../src/testbed/projectPaths";
import { checkPython } from "../../src/testbed/pythonTrainer";
import { requireSharedModels } from "../support/paths";

it("the trainer's Python tests pass (GGUF round trip, llama forward pass vs llama.cpp, fine-tuning)", { timeout: 5 * 60_000 }, () => {
    requireSharedModels();
    const python = process.env.RELAYLLM_PYTHON ?? "/usr/bin/python3";
    const pythonPath = [trainingDir(), ensureGgufPy(relayCacheRoot())];
    checkPython({ python, pythonPath });
    const run = spawnSync(python, ["-m", "unittest", "discover", "-s", "tests", "-t", "."], {
        cwd: trainingDir(),
        env: { ...process.env, PYTHONPATH: pythonPath.join(delimiter), OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" },
        encoding: "utf8",
    });
    assert.equal(run.status, 0, `python unittest failed:\n${run.stderr}`);
    assert.match(run.stderr, /\nOK\n?$/);
});
