import { basename } from "node:path";
import { codeFence } from "../format/codeFence";

/**
 * Attached code as the model reads it: the file's name and language, then the code fenced (prose languages
 * unfenced), then the question if any. A language that is not known is left out of the header and the fence.
 */
export function selectionPrompt(text: string, fileName: string, languageId?: string, question?: string): string {
    const header = languageId ? `From ${basename(fileName)}, a ${languageId} file:` : `From ${fileName}:`;
    const prose = languageId === "plaintext" || languageId === "markdown" || languageId === "latex";
    const fence = codeFence(text);
    const body = prose ? text : `${fence}${languageId ?? ""}\n${text}\n${fence}`;
    return [header, body, question ?? ""].filter(Boolean).join("\n\n");
}
