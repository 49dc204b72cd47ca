import { writeStdout } from "./stdout";
import { UsageError } from "./usageError";

/** A command's subcommands by name, each run with the arguments after its name. */
export type Subcommands = Record<string, (argv: string[]) => Promise<number>>;

const HELP = new Set(["help", "--help", "-h"]);

/**
 * Runs `argv[0]` from `table` with the rest of `argv`. No name prints `usage` and exits 2 (a mistake:
 * nothing ran); `help`, `--help` or `-h` print it and exit 0; an unknown name is a UsageError listing the names.
 */
export async function runSubcommand(argv: string[], table: Subcommands, usage: string, what: string): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || HELP.has(name)) {
        await writeStdout(usage + "\n");
        return name === undefined ? 2 : 0;
    }
    const run = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!run) throw new UsageError(`unknown ${what} "${name}" (expected ${orList(Object.keys(table))}; try: relayllm help)`);
    return run(rest);
}

function orList(names: string[]): string {
    return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
