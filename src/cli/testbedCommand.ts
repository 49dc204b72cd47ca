import { terminalSafe } from "../format/terminalText";
import { join, resolve } from "node:path";
import { buildTestbed, writeManifestTo, ITEM_KINDS, type GapAccuracy, type KindAccuracy } from "../testbed";
import { sharedDir } from "./benchCommand";
import { integerFlag, parseFlags } from "./modelFlags";
import { writeStdout } from "./stdout";
import { runSubcommand } from "./subcommands";
import { UsageError } from "./usageError";

export const TESTBED_USAGE = `usage: relayllm testbed build [--out DIR] [--base GGUF] [--seed N] [--characters N] [--steps N] [--threads N]
Builds the relay test bed (a synthetic fact task with a skill gap — the colour, which the student never learns —
and a knowledge gap — characters it never met; a teacher fine-tuned on every fact of the characters it knows and a
student on the student-solvable ones, both from the base model; characters split into train, validation and test) into $RELAYLLM_CACHE_DIR or ~/.cache/relayllm/testbed-<hash>
(a second build with the same inputs reuses it), writes DIR/manifest.json (default: in the cache folder) and
prints the sanity figures. Needs Debian's python3-torch (see training/README.md).
Defaults: --base ../shared/models/stories260K.gguf, --seed 0, --characters 64 (256 items), --steps 600, --threads 1.`;

function percent(cell: { correct: number; total: number; accuracy: number }): string {
    return `${(cell.accuracy * 100).toFixed(1)}% (${cell.correct}/${cell.total})`;
}

function figureLines(name: string, figures: KindAccuracy, gaps: GapAccuracy): string {
    return `${name.padEnd(8)} ${ITEM_KINDS.map((kind) => `${kind} ${percent(figures[kind])}`).join("  ")}  (skill gap ${percent(gaps.skill)}, knowledge gap ${percent(gaps.knowledge)})`;
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
        characters: { type: "string" },
        steps: { type: "string" },
        threads: { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (testbed build takes only flags)`);
    const build = await buildTestbed({
        base: resolve(values.base ?? join(sharedDir(), "models", "stories260K.gguf")),
        seed: integerFlag("--seed", values.seed, 0),
        characters: integerFlag("--characters", values.characters, 32),
        steps: integerFlag("--steps", values.steps, 1),
        threads: integerFlag("--threads", values.threads, 1),
        log: (line) => process.stderr.write(terminalSafe(line) + "\n"),
    });
    const manifestPath = values.out ? writeManifestTo(build, values.out) : join(build.dir, "manifest.json");
    const { figures } = build.record;
    await writeStdout(
        [
            `test bed ${build.record.hash} (${build.record.items} items; ${build.cached ? "cached" : `built in ${build.record.buildSeconds} s`})`,
            `manifest ${manifestPath}`,
            figureLines("teacher", figures.teacher, figures.gaps.teacher),
            figureLines("student", figures.student, figures.gaps.student),
            `chance   ${(figures.chance * 100).toFixed(1)}%`,
        ].join("\n") + "\n",
    );
    return 0;
}
