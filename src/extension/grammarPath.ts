import * as nodePath from "node:path";

/**
 * Where `relay.student.grammarFile` points: an absolute path as it is, a relative one inside the first workspace
 * folder (or as given without a folder). Absoluteness is the platform's own: `C:\g.gbnf` on Windows, `/g.gbnf` elsewhere.
 * @param paths the path module of the platform; Node's own by default (tests pass `path.win32`)
 */
export function resolveGrammarPath(file: string, workspaceFolder: string | undefined, paths: Pick<typeof nodePath, "isAbsolute" | "join"> = nodePath): string {
    return workspaceFolder !== undefined && !paths.isAbsolute(file) ? paths.join(workspaceFolder, file) : file;
}
