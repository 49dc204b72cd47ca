import { ConfigError } from "../../relay/errors";

/** Where a grammar parse error is and why, as far as llama.cpp's diagnostic tells. */
export interface GrammarProblem {
    /** Why, in llama.cpp's words, without the rest of the grammar it quotes. */
    reason?: string;
    /** 1-based line of the grammar text the error is on or near. */
    line?: number;
}

/**
 * The student grammar is not valid GBNF. The message is one line ("parse error near line 3: expecting
 * name"); the CLI prefixes the grammar file's name. `diagnostic` is what llama.cpp wrote to stderr
 * (its parser prints there, not to its logger), when it could be captured.
 */
export class GrammarError extends ConfigError {
    // Set here, not from the class: bundlers may rename the class, and the name crosses the worker boundary.
    override readonly name = "GrammarError";

    constructor(message: string, readonly problem: GrammarProblem = {}, readonly diagnostic?: string) {
        super(message);
    }

    /** A GrammarError worded from what is known about the problem. */
    static of(problem: GrammarProblem): GrammarError {
        const where = problem.line === undefined ? "parse error" : `parse error near line ${problem.line}`;
        return new GrammarError(problem.reason ? `${where}: ${problem.reason}` : where, problem);
    }
}

const diagnosticHead = "error parsing grammar: ";

/**
 * Reads llama.cpp's grammar parse diagnostic (`parse: error parsing grammar: expecting name at <rest>\n\n<grammar>`)
 * into a reason and a line of `grammar`. Undefined when `output` holds no such diagnostic.
 */
export function grammarProblemFromDiagnostic(grammar: string, output: string): GrammarProblem | undefined {
    const start = output.lastIndexOf(diagnosticHead);
    if (start < 0) return undefined;
    let what = output.slice(start + diagnosticHead.length);
    // llama.cpp echoes the whole grammar after a blank line; the reason itself may quote several lines of it.
    const echo = what.lastIndexOf(`\n\n${grammar}`);
    what = echo >= 0 ? what.slice(0, echo) : what.split("\n")[0]!;
    const located = /^([^\n]*?) at ([\s\S]*)$/.exec(what);
    if (located && grammar.endsWith(located[2]!)) {
        // Nothing quoted after "at": the parser ran off the end of the grammar.
        const line = located[2] === "" ? lastLine(grammar) : lineAt(grammar, grammar.length - located[2]!.length);
        return { reason: located[1], line };
    }
    const reason = what.split("\n")[0]!.trim();
    if (reason === "unexpected end of input") return { reason, line: lastLine(grammar) };
    const named = /^Undefined rule identifier '([^']+)'$/.exec(reason) ?? /^invalid token '([^']+)'$/.exec(reason);
    if (named) {
        const index = findWord(grammar, named[1]!);
        return { reason, line: index < 0 ? undefined : lineAt(grammar, index) };
    }
    return { reason };
}

function lineAt(text: string, offset: number): number {
    let line = 1;
    for (let index = 0; index < offset; index++) if (text.charCodeAt(index) === 10) line++;
    return line;
}

function lastLine(text: string): number {
    return lineAt(text, text.trimEnd().length);
}

/** The first place `word` occurs on its own (not inside a longer rule name). */
function findWord(text: string, word: string): number {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`).exec(text)?.index ?? -1;
}
