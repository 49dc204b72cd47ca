/**
 * The code in a relay answer, and which of its lines the teacher wrote. Model output is untrusted: only the
 * code goes into the file, never the prose around it.
 */
import type { RelaySpan } from "../../relay";

export interface AnswerCode {
    /** The code to put in place of the selection, without its fence. */
    code: string;
    /** Where `code` starts in the answer text. */
    start: number;
}

const OPENING_FENCE = /^[ \t]*(`{3,}|~{3,})[^\n`]*\n/m;

/**
 * The first fenced block's content (to its closing fence, or to the end while the answer still streams), else
 * the whole answer, which a model that writes bare code gives. A half-written closing fence at the end is left out.
 */
export function answerCode(answer: string): AnswerCode {
    const opening = OPENING_FENCE.exec(answer);
    if (!opening) return { code: trimPartialFence(answer.replace(/\n$/, "")), start: 0 };
    const start = opening.index + opening[0].length;
    const fence = opening[1]!;
    const rest = answer.slice(start);
    const closing = new RegExp(`^[ \\t]*${fence[0]}{${fence.length},}[ \\t]*$`, "m").exec(rest);
    const body = closing ? rest.slice(0, closing.index) : trimPartialFence(rest);
    return { code: body.replace(/\n$/, ""), start };
}

/** Drops a last line that is only the start of a fence (`` ` `` or ``` `` ```), which the next tokens may complete. */
function trimPartialFence(text: string): string {
    return text.replace(/\n?[ \t]*(`{1,}|~{1,})$/, "");
}

/**
 * The lines of `code` (split on "\n") holding a non-blank character the teacher wrote. `spans` are the answer's
 * spans in order; `start` is where the code begins in the answer.
 */
export function teacherLines(spans: readonly RelaySpan[], code: AnswerCode): Set<number> {
    const lines = new Set<number>();
    let offset = 0;
    for (const span of spans) {
        if (span.source === "teacher") {
            for (let at = Math.max(offset, code.start); at < Math.min(offset + span.text.length, code.start + code.code.length); at++) {
                if (!/\s/.test(code.code[at - code.start]!)) lines.add(lineOf(code.code, at - code.start));
            }
        }
        offset += span.text.length;
    }
    return lines;
}

function lineOf(text: string, index: number): number {
    let line = 0;
    for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) line++;
    return line;
}
