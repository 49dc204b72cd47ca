/** The question "Relay: Explain" asks about a diagnostic: the problem, where it is, and the code around it. */
import { basename } from "node:path";
import { codeFence } from "../../format/codeFence";
import type { EditDiagnostic } from "./editPrompt";

export interface ExplainRequest {
    fileName: string;
    languageId: string;
    /** Whole lines around the diagnostic. */
    code: string;
    /** 1-based line where `code` starts. */
    firstLine: number;
    diagnostic: EditDiagnostic;
}

export function explainPrompt({ fileName, languageId, code, firstLine, diagnostic }: ExplainRequest): string {
    const fence = codeFence(code);
    const reporter = diagnostic.source ? ` from ${diagnostic.source}` : "";
    return [
        `Explain this ${diagnostic.severity}${reporter} in ${basename(fileName)} at line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message}`,
        `The code, from line ${firstLine}:\n${fence}${languageId}\n${code}\n${fence}`,
        "Say what causes it and how to fix it.",
    ].join("\n\n");
}
