// Reading llama.cpp's grammar parse diagnostic (what its parser prints on stderr) into one line with a
// line number, and the error marker the student worker writes before an error answer. No models needed;
// the diagnostics are llama.cpp's exact output format (src/llama-grammar.cpp, llama_grammar_parser::parse).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GrammarError, grammarProblemFromDiagnostic } from "../../src/student/model/grammarError";
import { deserializeError, parseWorkerErrorMarker, serializeError, workerErrorMarker } from "../../src/student/worker/workerProtocol";

/** What llama.cpp writes: `parse: error parsing grammar: <what>\n\n<grammar>\n`. */
function diagnostic(what: string, grammar: string): string {
    return `llama.cpp warn: something earlier\nparse: error parsing grammar: ${what}\n\n${grammar}\nllama.cpp error: failed to parse grammar\n`;
}

describe("grammarProblemFromDiagnostic", () => {
    it("finds the line from the text llama.cpp quotes after 'at', even when it spans lines", () => {
        const grammar = 'root ::= "a" item\nitem ::= "b" (\n  "c"\nbar ::= ::= "x"\n';
        const rest = '::= "x"\n';
        assert.deepEqual(grammarProblemFromDiagnostic(grammar, diagnostic(`expecting ')' at ${rest}`, grammar)), { reason: "expecting ')'", line: 4 });
        const twoLines = 'root ::= "a" 9\nfoo ::= "b"\n';
        assert.deepEqual(grammarProblemFromDiagnostic(twoLines, diagnostic('expecting newline or end at 9\nfoo ::= "b"\n', twoLines)), { reason: "expecting newline or end", line: 1 });
    });

    it("nothing quoted after 'at' means the end of the grammar", () => {
        const grammar = 'root ::= "a" (\n';
        assert.deepEqual(grammarProblemFromDiagnostic(grammar, diagnostic("expecting ')' at ", grammar)), { reason: "expecting ')'", line: 1 });
    });

    it("an undefined rule is found where it is used; the end of input is the last line", () => {
        const grammar = 'root ::= "a" items\nitem ::= "b"\nfoo ::= root-items items\n';
        assert.deepEqual(grammarProblemFromDiagnostic(grammar, diagnostic("Undefined rule identifier 'items'", grammar)), { reason: "Undefined rule identifier 'items'", line: 1 });
        const open = 'root ::= "a"\nfoo ::= [a-z\nbar ::= "x"\n\n';
        assert.deepEqual(grammarProblemFromDiagnostic(open, diagnostic("unexpected end of input", open)), { reason: "unexpected end of input", line: 3 });
    });

    it("undefined without a diagnostic; a reason without a place has no line", () => {
        assert.equal(grammarProblemFromDiagnostic("root ::= x", "llama.cpp error: failed to parse grammar\n"), undefined);
        assert.deepEqual(grammarProblemFromDiagnostic("root ::= x", diagnostic("number of repetitions exceeds sane defaults", "root ::= x")), { reason: "number of repetitions exceeds sane defaults" });
    });

    it("the message is one line", () => {
        assert.equal(GrammarError.of({ reason: "expecting name", line: 3 }).message, "parse error near line 3: expecting name");
        assert.equal(GrammarError.of({ reason: "grammar does not contain a 'root' symbol" }).message, "parse error: grammar does not contain a 'root' symbol");
        assert.equal(GrammarError.of({}).message, "parse error");
    });
});

describe("worker errors across the process boundary", () => {
    it("a GrammarError keeps its class and problem, and gets the worker's stderr as its diagnostic", () => {
        const error = deserializeError(serializeError(GrammarError.of({ reason: "failed to parse grammar" })), "parse: error parsing grammar: x\n");
        assert.ok(error instanceof GrammarError);
        assert.deepEqual(error.problem, { reason: "failed to parse grammar" });
        assert.equal(error.diagnostic, "parse: error parsing grammar: x\n");
    });

    it("the error marker round-trips and no ordinary line reads as one", () => {
        assert.equal(parseWorkerErrorMarker(workerErrorMarker(42)), 42);
        for (const line of ["relayllm-worker-error 42", `${workerErrorMarker(42)} `, "llama.cpp error: failed", ""]) assert.equal(parseWorkerErrorMarker(line), undefined);
    });
});
