import { closingBrace, closingBracket } from "./latexScan";

const TRIG = /\\(?:sin|cos|tan|cot|sec|csc)(?![a-zA-Z])/g;
const DEGREE = String.raw`(?:\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z]))`;
/** A number, a Greek letter or one letter, then a degree mark: `30^\circ`, `\theta^{\circ}`, `x^\circ`. */
const OPERAND = String.raw`(\d+(?:\.\d+)?|\\[a-zA-Z]+|[A-Za-z])\s*`;
const IN_DEGREES = new RegExp(OPERAND + DEGREE, "g");
const BARE_ARGUMENT = new RegExp(OPERAND + DEGREE, "y");

/**
 * Degree marks inside the argument of a trigonometric function, as radians: `\sin(90^{\circ}-x)` becomes
 * `\sin(\frac{90\pi}{180}-x)`, `\sin 30^\circ` `\sin\frac{30\pi}{180}`. Elsewhere a degree mark only names
 * the unit of an angle (`90^\circ` answers `90`) and is dropped; inside `\sin` it changes the value, and the
 * engine reads a bare argument in radians. Runs before the degree marks are dropped.
 */
export function trigDegreesToRadians(text: string): string {
    if (!/\\circ|\\degree/.test(text)) return text;
    let out = "";
    let at = 0;
    TRIG.lastIndex = 0;
    for (let match = TRIG.exec(text); match; match = TRIG.exec(text)) {
        const start = argumentStart(text, match.index + match[0].length);
        let end = -1;
        if ("({[".includes(text[start] ?? "x")) {
            const close = closingBracket(text, start);
            end = close < 0 ? -1 : close + 1;
        } else {
            BARE_ARGUMENT.lastIndex = start;
            if (BARE_ARGUMENT.exec(text)) end = BARE_ARGUMENT.lastIndex;
        }
        if (end < 0) continue;
        out += text.slice(at, start) + text.slice(start, end).replace(IN_DEGREES, (_, operand: string) => `{\\frac{${operand}\\pi}{180}}`);
        at = end;
        TRIG.lastIndex = end;
    }
    return out + text.slice(at);
}

/** Where the argument of `\sin` starts: after spaces and a power (`\sin^2 30^\circ`, `\cos^{2}(x)`). */
function argumentStart(text: string, from: number): number {
    let i = from;
    while (text[i] === " ") i++;
    if (text[i] !== "^") return i;
    i++;
    while (text[i] === " ") i++;
    if (text[i] === "{") {
        const close = closingBrace(text, i);
        i = close < 0 ? i : close;
    } else if (text[i] === "-") i += 2;
    else i++;
    while (text[i] === " ") i++;
    return i;
}
