import { closingBrace } from "./latexScan";
import { plainToLatex } from "./plainNotation";
import { trigDegreesToRadians } from "./trigDegrees";

const UNICODE: [RegExp, string][] = [
    [/[−–]/g, "-"],
    [/≤/g, "\\le "],
    [/≥/g, "\\ge "],
    [/≠/g, "\\ne "],
    [/π/g, "\\pi "],
    [/∞/g, "\\infty "],
    [/°/g, "^\\circ"],
    [/√/g, "\\sqrt"],
    [/×/g, "\\times "],
    [/·/g, "\\cdot "],
    [/²/g, "^2"],
    [/³/g, "^3"],
    [/∪/g, "\\cup "],
    [/∈/g, "\\in "],
    [/…/g, "\\dots "],
];

/** Rewrites applied in order; each line is one family of equivalent spellings, or a step of its own. */
const REWRITES: ([RegExp, string] | ((text: string) => string))[] = [
    [/\\?\$/g, " "], // math delimiters and currency signs
    [/\\(?:left|right)\s*\./g, ""],
    [/\\(?:left|right|[bB]igg?[lr]?)(?![a-zA-Z])/g, ""],
    [/\\langle(?![a-zA-Z])/g, "("],
    [/\\rangle(?![a-zA-Z])/g, ")"],
    [/\\(?:displaystyle|textstyle|scriptstyle|scriptscriptstyle|limits|nolimits)(?![a-zA-Z])/g, ""],
    [/\\(?:hspace|vspace|phantom|hphantom|vphantom)\*?\{[^{}]*\}/g, ""],
    plainToLatex, // `sqrt(3)`, `2**(1/4)`, once `\left(` is a plain bracket
    [/,\\!\s*/g, ","], // 12,\!000
    [/\s*\{\s*,\s*\}\s*/g, ","], // 14{,}916, 14 {, }916
    [/(?<!\\)\\!/g, ""],
    [/\\q?quad/g, " "], // also `\quadx`, which some outputs write without a space
    [/(?<!\\)\\[,;:> ]/g, " "], // but not the row break `\\ `
    [/~/g, " "],
    [/\\[dtc]frac(?![a-zA-Z])/g, "\\frac"],
    [/\\[dt]binom(?![a-zA-Z])/g, "\\binom"],
    [/\\(?:textbf|textit|textrm|textnormal|textsf|texttt|textup|mbox|hbox)(?![a-zA-Z])/g, "\\text"],
    trigDegreesToRadians, // `\sin 30^\circ`, before degree marks go
    [/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])/g, ""],
    [/\\%/g, "%"],
    [/\\le(?:q|qq|qslant)?(?![a-zA-Z])|<=/g, "\\le "],
    [/\\ge(?:q|qq|qslant)?(?![a-zA-Z])|>=/g, "\\ge "],
    [/\\neq?(?![a-zA-Z])|!=/g, "\\ne "],
    [/\\lt(?![a-zA-Z])/g, "<"],
    [/\\gt(?![a-zA-Z])/g, ">"],
    [/\\infin(?:ity)?(?![a-zA-Z])/g, "\\infty"],
    [/\\varnothing(?![a-zA-Z])/g, "\\emptyset"],
    [/\\(?:dots[bcmo]?|ldots|cdots)(?![a-zA-Z])/g, "\\dots"],
    [/\s+/g, " "],
];

/** Style wrappers whose argument is kept as is; a box left inside an answer (`\boxed{\boxed{8}`) is one too. */
const UNWRAP = /\\(?:mathrm|mathbf|mathit|mathsf|mathnormal|boldsymbol|bm|mathbb|mathcal|boxed|fbox|framebox)\s*\{/g;

/**
 * Canonical LaTeX for comparison: spacing and sizing commands removed, `\dfrac`/`\tfrac` to `\frac`,
 * `\frac12` to `\frac{1}{2}`, `\sqrt3` to `\sqrt{3}`, degrees dropped, `\%` to `%`, relation spellings unified
 * (`\leq`, `<=` to `\le`), text commands to `\text`, trailing punctuation and a stray trailing backslash dropped,
 * plain-text notation (`sqrt(3)`, `2**(1/4)`) as LaTeX, degrees inside `\sin` as radians. Structure is left alone.
 */
export function normalizeLatex(latex: string): string {
    let text = latex;
    for (const [pattern, replacement] of UNICODE) text = text.replace(pattern, replacement);
    for (const rewrite of REWRITES) text = typeof rewrite === "function" ? rewrite(text) : text.replace(rewrite[0], rewrite[1]);
    text = unwrapStyles(text);
    text = braceArguments(text);
    return text
        .replace(/\s+/g, " ")
        // A stray backslash at the end (`5\`) commands nothing: a command needs letters after it.
        .replace(/(?:\s|\\\\?|[.,;:])+$/, "")
        .replace(/^(?:\s|[,;:])+/, "")
        .trim();
}

function unwrapStyles(text: string): string {
    let result = text;
    for (let match = UNWRAP.exec(result); match; match = UNWRAP.exec(result)) {
        const open = match.index + match[0].length - 1;
        const close = closingBrace(result, open);
        if (close < 0) break;
        result = result.slice(0, match.index) + result.slice(open + 1, close - 1) + result.slice(close);
        UNWRAP.lastIndex = 0;
    }
    return result;
}

const ARGUMENT_COUNT: Record<string, number> = { frac: 2, binom: 2, sqrt: 1 };

/** Gives `\frac`, `\binom` and `\sqrt` braced arguments: `\frac94` becomes `\frac{9}{4}`, `\sqrt 2` `\sqrt{2}`. */
function braceArguments(text: string): string {
    let out = "";
    let i = 0;
    const command = /\\(frac|binom|sqrt)(?![a-zA-Z])/g;
    for (let match = command.exec(text); match; match = command.exec(text)) {
        out += text.slice(i, match.index) + match[0];
        let j = match.index + match[0].length;
        if (match[1] === "sqrt" && /^\s*\[/.test(text.slice(j))) {
            const close = text.indexOf("]", j);
            if (close < 0) break;
            out += text.slice(j, close + 1).trim();
            j = close + 1;
        }
        for (let n = 0; n < ARGUMENT_COUNT[match[1]]; n++) {
            while (text[j] === " ") j++;
            if (text[j] === "{") {
                const close = closingBrace(text, j);
                if (close < 0) break;
                out += `{${braceArguments(text.slice(j + 1, close - 1))}}`;
                j = close;
            } else {
                const token = /^(?:\\[a-zA-Z]+|[^\\{}\s])/.exec(text.slice(j))?.[0];
                if (!token) break;
                out += `{${token}}`;
                j += token.length;
            }
        }
        i = j;
        command.lastIndex = j;
    }
    return out + text.slice(i);
}
