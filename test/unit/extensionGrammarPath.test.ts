import assert from "node:assert/strict";
import { posix, win32 } from "node:path";
import { describe, it } from "node:test";
import { resolveGrammarPath } from "../../src/extension/grammarPath";

describe("relay.student.grammarFile", () => {
    it("keeps an absolute path and puts a relative one in the workspace folder, on POSIX", () => {
        assert.equal(resolveGrammarPath("/etc/g.gbnf", "/work/project", posix), "/etc/g.gbnf");
        assert.equal(resolveGrammarPath("grammars/g.gbnf", "/work/project", posix), "/work/project/grammars/g.gbnf");
        assert.equal(resolveGrammarPath("g.gbnf", undefined, posix), "g.gbnf");
    });

    it("knows a Windows drive path is absolute (a leading / is not the test there)", () => {
        assert.equal(resolveGrammarPath("C:\\grammars\\g.gbnf", "C:\\project", win32), "C:\\grammars\\g.gbnf");
        assert.equal(resolveGrammarPath("\\\\server\\share\\g.gbnf", "C:\\project", win32), "\\\\server\\share\\g.gbnf");
        assert.equal(resolveGrammarPath("grammars\\g.gbnf", "C:\\project", win32), "C:\\project\\grammars\\g.gbnf");
    });
});
