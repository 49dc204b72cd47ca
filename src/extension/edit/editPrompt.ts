/**
 * The student's prompt for a relay edit: the file's language, the code around the selection (as much as the
 * student's context allows), the selection, its problems, the instruction, and the answer's shape.
 */
import { basename } from "node:path";
import { codeFence } from "../../format/codeFence";

/** A problem VS Code reports in the code being edited, as the prompt states it. */
export interface EditDiagnostic {
    message: string;
    severity: "error" | "warning" | "info" | "hint";
    /** 1-based line and column where it starts. */
    line: number;
    column: number;
    /** Who reported it ("ts", "eslint"), when known. */
    source?: string;
}

export interface EditRequest {
    /** What the user wants changed ("fix this error", "add a doc comment"). */
    instruction: string;
    fileName: string;
    /** VS Code's language id ("typescript"). */
    languageId: string;
    /** The code to rewrite: whole lines. */
    selection: string;
    /** The file before the selection, and after it. */
    before: string;
    after: string;
    /** 1-based line where the selection starts. */
    firstLine: number;
    diagnostics?: readonly EditDiagnostic[];
}

/** Languages whose text is quoted without a code fence. */
const PROSE_LANGUAGES = new Set(["plaintext", "markdown", "latex"]);

/** Characters per student token, to turn a context size into a character budget (code tokenizes at about 3). */
const CHARS_PER_TOKEN = 3;

/**
 * Characters of surrounding code the prompt may hold: a quarter of the student's context (the rest is for the
 * selection, its rewrite and the instructions), less the selection itself. Never negative.
 */
export function surroundingsBudget(contextTokens: number, selectionLength: number): number {
    return Math.max(0, Math.floor((contextTokens * CHARS_PER_TOKEN) / 4) - selectionLength);
}

/** The prompt; the surroundings keep whole lines nearest the selection within `budgetChars`, two thirds before it. */
export function editPrompt(request: EditRequest, budgetChars: number): string {
    const before = lastLines(request.before, Math.floor((budgetChars * 2) / 3));
    const after = firstLines(request.after, budgetChars - before.length);
    // Prose is quoted as it is, as the chat panel quotes an attached selection.
    const prose = PROSE_LANGUAGES.has(request.languageId);
    const fenced = (code: string) => {
        if (prose) return code;
        const fence = codeFence(code);
        return `${fence}${request.languageId}\n${code}\n${fence}`;
    };
    const parts = [`You are editing ${basename(request.fileName)}, a ${request.languageId} file.`];
    if (before.trim()) parts.push(`The code before the selection:\n${fenced(before)}`);
    parts.push(`The selection, from line ${request.firstLine}:\n${fenced(request.selection)}`);
    if (after.trim()) parts.push(`The code after the selection:\n${fenced(after)}`);
    const problems = request.diagnostics ?? [];
    if (problems.length > 0) {
        parts.push(`Problems reported in the selection:\n${problems.map((problem) => `- line ${problem.line}, column ${problem.column}, ${problem.severity}${problem.source ? ` from ${problem.source}` : ""}: ${problem.message}`).join("\n")}`);
    }
    parts.push(`Instruction: ${request.instruction.trim()}`);
    parts.push(prose ? "Answer with the whole rewritten selection, and nothing else." : `Answer with the whole rewritten selection in one ${request.languageId} code block, and nothing else.`);
    return parts.join("\n\n");
}

/** The last whole lines of `text` that fit in `budget` characters. */
function lastLines(text: string, budget: number): string {
    const lines = text.replace(/\n$/, "").split("\n");
    const kept: string[] = [];
    let used = 0;
    for (let index = lines.length - 1; index >= 0 && used + lines[index]!.length + 1 <= budget; index--) {
        kept.unshift(lines[index]!);
        used += lines[index]!.length + 1;
    }
    return kept.join("\n");
}

/** The first whole lines of `text` that fit in `budget` characters. */
function firstLines(text: string, budget: number): string {
    const kept: string[] = [];
    let used = 0;
    for (const line of text.replace(/^\n/, "").replace(/\n$/, "").split("\n")) {
        if (used + line.length + 1 > budget) break;
        kept.push(line);
        used += line.length + 1;
    }
    return kept.join("\n");
}
