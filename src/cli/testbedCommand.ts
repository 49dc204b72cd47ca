import { join, resolve } from "node:path";
import { buildTestbed, writeManifestTo, ITEM_KINDS, type KindAccuracy } from "../testbed";
import { sharedDir } from "./benchCommand";
import { integerFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { runSubcommand } from "./subcommands";
import { UsageError } from "./usageError";

export const TESTBED_USAGE = `usage: relayllm testbed build [--out DIR] [--base GGUF] [--seed N] [--characters-per-kind N] [--steps N] [--threads N]
Builds the relay test bed (a synthetic fact task; a teacher fine-tuned on every known fact and a student on
the student-solvable ones, both from the base model) into $RELAYLLM_CACHE_DIR or ~/.cache/relayllm/testbed-<hash>
(a second build with the same inputs reuses it), writes DIR/manifest.json (default: in the cache folder) and
prints the sanity figures. Needs Debian's python3-torch (see training/README.md).
Defaults: --base ../shared/models/stories260K.gguf, --seed 0, --characters-per-kind 6, --steps 150, --threads 1.`;

function percent(cell: { correct: number; total: number; accuracy: number }): string {
    return `${(cell.accuracy * 100).toFixed(1)}% (${cell.correct}/${cell.total})`;
}

function figureLines(name: string, figures: KindAccuracy): string {
    return `${name.padEnd(8)} ${ITEM_KINDS.map((kind) => `${kind} ${percent(figures[kind])}`).join("  ")}`;
}

/** `relayllm testbed build ...`: builds (or finds) the test bed and prints where it is and how it scores. */
export function runTestbedCommand(argv: string[]): Promise<number> {
    return runSubcommand(argv, { build: runTestbedBuild }, TESTBED_USAGE, "testbed action");
}

async function runTestbedBuild(rest: string[]): Promise<number> {
    const { values, positionals } = parseFlags(rest, {
        out: { type: "string" },
        base: { type: "string" },
        seed: { type: "string" },
        "characters-per-kind": { type: "string" },
        steps: { type: "string" },
        threads: { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (testbed build takes only flags)`);
    const build = await buildTestbed({
        base: resolve(values.base ?? join(sharedDir(), "models", "stories260K.gguf")),
        seed: integerFlag("--seed", values.seed, 0),
        charactersPerKind: integerFlag("--characters-per-kind", values["characters-per-kind"], 1),
        steps: integerFlag("--steps", values.steps, 1),
        threads: integerFlag("--threads", values.threads, 1),
        log: (line) => process.stderr.write(line + "\n"),
    });
    const manifestPath = values.out ? writeManifestTo(build, values.out) : join(build.dir, "manifest.json");
    const { figures } = build.record;
    await writeStdout(
        [
            `test bed ${build.record.hash} (${build.record.items} items; ${build.cached ? "cached" : `built in ${build.record.buildSeconds} s`})`,
            `manifest ${manifestPath}`,
            figureLines("teacher", figures.teacher),
            figureLines("student", figures.student),
            `chance   ${(figures.chance * 100).toFixed(1)}%`,
        ].join("\n") + "\n",
    );
    return 0;
}
