import { basename } from "node:path";

/** The question for a selection: the code or problem, with the file's name and language so coding questions get context. */
export function selectionPrompt(text: string, fileName: string, languageId: string, question?: string): string {
    const fence = "`".repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((run) => run[0].length + 1)));
    const header = `From ${basename(fileName)}, a ${languageId} file:`;
    const body = languageId === "plaintext" || languageId === "markdown" || languageId === "latex" ? text : `${fence}${languageId}\n${text}\n${fence}`;
    return [header, body, question ?? ""].filter(Boolean).join("\n\n");
}
