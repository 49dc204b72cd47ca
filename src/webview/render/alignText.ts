import { ENTITY } from "./createEntityDecoder";
import { MATH_CLASS } from "./createMathRenderer";

/** A rendered text node and, per character, the answer offset it shows (-1 where none was found). */
export interface AlignedText {
    kind: "text";
    node: Text;
    offsets: Int32Array;
}

/** A rendered formula and the answer range of its source, delimiters included. */
export interface AlignedMath {
    kind: "math";
    element: Element;
    start: number;
    end: number;
}

export type AlignedPiece = AlignedText | AlignedMath;

// Whitespace text between these elements' children is markup layout, not answer text.
const LAYOUT_PARENTS = new Set(["#DOCUMENT-FRAGMENT", "UL", "OL", "LI", "TABLE", "THEAD", "TBODY", "TR", "BLOCKQUOTE", "DETAILS", "DIV"]);
// How far to look for a character markdown may have turned into something else (an unmatched one is skipped).
const SEARCH_LIMIT = 4000;

/**
 * Finds, for every character of the rendered markdown under `root`, which answer character it shows. The
 * markdown was rendered from `answer.slice(start, end)` and the rendering keeps its visible characters in
 * order, dropping syntax, so each text node is looked up from where the previous one ended: as a whole
 * (the usual case), else character by character, accepting an HTML character reference for the character it
 * stands for. Formulas are atomic: their source is located as a whole. Whitespace between block elements
 * (markup layout, not text) is removed on the way.
 */
export function alignText(root: Node, answer: string, start: number, end: number, decodeEntity: (entity: string) => string): AlignedPiece[] {
    const pieces: AlignedPiece[] = [];
    // Work on the block alone so a failed search stops at its end; offsets are shifted back at the end.
    const source = answer.slice(start, end);
    let position = 0;

    const matchChar = (char: string): number => {
        const limit = Math.min(source.length, position + SEARCH_LIMIT);
        for (let at = position; at < limit; at++) {
            const here = source[at];
            if (here === char) {
                position = at + 1;
                return at;
            }
            if (here === "&") {
                const entity = ENTITY.exec(source.slice(at, at + 40))?.[0];
                if (entity && decodeEntity(entity) === char) {
                    position = at + entity.length;
                    return at;
                }
            }
        }
        return -1;
    };

    const matchText = (text: string): Int32Array => {
        const offsets = new Int32Array(text.length);
        const at = source.indexOf(text, position);
        if (at >= 0) {
            for (let i = 0; i < text.length; i++) offsets[i] = start + at + i;
            position = at + text.length;
            return offsets;
        }
        for (let i = 0; i < text.length; i++) {
            const at = matchChar(text[i]!);
            offsets[i] = at < 0 ? -1 : start + at;
        }
        return offsets;
    };

    const matchFormula = (raw: string): [number, number] => {
        const at = source.indexOf(raw, position);
        if (at >= 0) {
            position = at + raw.length;
            return [start + at, start + position];
        }
        // Inside a block quote or list the formula's source lost its line prefixes: match what is left.
        const matched = Array.from(matchText(raw)).filter((offset) => offset >= 0);
        return matched.length > 0 ? [matched[0]!, matched[matched.length - 1]! + 1] : [start + position, start + position];
    };

    const visit = (node: Node): void => {
        // Walked by sibling links: reading `childNodes` makes jsdom refresh that list on every later change
        // to the node, which made wrapping each text node in its author's element quadratic there.
        for (let child = node.firstChild, next = child?.nextSibling ?? null; child; child = next, next = child?.nextSibling ?? null) {
            if (child.nodeType === 3) {
                const text = child.nodeValue ?? "";
                if (text.trim() === "" && LAYOUT_PARENTS.has(node.nodeName.toUpperCase())) {
                    child.remove();
                    continue;
                }
                pieces.push({ kind: "text", node: child as Text, offsets: matchText(text) });
            } else if (child.nodeType === 1) {
                const element = child as Element;
                if (element.classList.contains(MATH_CLASS)) {
                    const [from, to] = matchFormula(element.getAttribute("data-source") ?? "");
                    element.removeAttribute("data-source");
                    pieces.push({ kind: "math", element, start: from, end: to });
                } else {
                    visit(element);
                }
            }
        }
    };
    visit(root);
    return pieces;
}
