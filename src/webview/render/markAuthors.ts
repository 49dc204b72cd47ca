import type { AlignedPiece } from "./alignText";
import type { AttributedText } from "./attributeText";

/** Class of teacher-written text (`<mark>`) and formulas. */
export const TEACHER_CLASS = "relay-teacher";
/** Class of student-written text (`<span>`) and formulas. */
export const STUDENT_CLASS = "relay-student";

/** A call badge and the answer offset it belongs before. */
export interface MarkerSpot {
    offset: number;
    element: Element;
}

/** How a teacher stretch is labelled: its call index and hover text. */
export type DescribeStretch = (ordinal: number) => { call?: number; title: string };

/**
 * Wraps every aligned character in its author's element: runs of student text in `span.relay-student`,
 * runs of one teacher stretch in `mark.relay-teacher[data-call]` with the call's details in `data-detail` (the view's own hover shows it). A
 * formula is one unit: teacher's if the teacher wrote any character of its source. Call badges go before
 * the first character at or after their offset (before the formula when it falls inside one); those past
 * the last character go at the end. Characters whose source was not found take the previous one's author.
 */
export function markAuthors(document: Document, pieces: readonly AlignedPiece[], text: AttributedText, describe: DescribeStretch, markers: readonly MarkerSpot[], end: ParentNode): void {
    const spots = [...markers].sort((a, b) => a.offset - b.offset);
    const replacements = new Map<ChildNode, Node[]>();
    let next = 0;
    let owner = -1;
    let last: ChildNode | undefined;

    const authorElement = (ordinal: number, content: string): HTMLElement => {
        if (ordinal < 0) {
            const span = document.createElement("span");
            span.className = STUDENT_CLASS;
            span.textContent = content;
            return span;
        }
        const mark = document.createElement("mark");
        const { call, title } = describe(ordinal);
        mark.className = TEACHER_CLASS;
        if (call !== undefined) mark.dataset.call = String(call);
        mark.dataset.detail = title;
        mark.textContent = content;
        return mark;
    };

    for (const piece of pieces) {
        if (piece.kind === "math") {
            const before: Element[] = [];
            while (next < spots.length && spots[next]!.offset < piece.end) before.push(spots[next++]!.element);
            if (before.length > 0) replacements.set(piece.element, [...before, piece.element]);
            owner = -1;
            for (let at = piece.start; at < piece.end; at++) {
                if (text.owners[at]! >= 0) {
                    owner = text.owners[at]!;
                    break;
                }
            }
            piece.element.classList.add(owner >= 0 ? TEACHER_CLASS : STUDENT_CLASS);
            if (owner >= 0) {
                const { call, title } = describe(owner);
                if (call !== undefined) piece.element.setAttribute("data-call", String(call));
                piece.element.setAttribute("data-detail", title);
            }
            last = piece.element;
            continue;
        }
        const value = piece.node.nodeValue ?? "";
        const nodes: Element[] = [];
        let runStart = 0;
        let runOwner = owner;
        const closeRun = (until: number): void => {
            if (until > runStart) nodes.push(authorElement(runOwner, value.slice(runStart, until)));
            runStart = until;
        };
        for (let i = 0; i < value.length; i++) {
            const offset = piece.offsets[i]!;
            if (offset >= 0) owner = text.owners[offset] ?? -1;
            const badges: Element[] = [];
            while (offset >= 0 && next < spots.length && spots[next]!.offset <= offset) badges.push(spots[next++]!.element);
            if (owner !== runOwner || badges.length > 0) {
                closeRun(i);
                nodes.push(...badges);
                runOwner = owner;
            }
        }
        closeRun(value.length);
        if (nodes.length === 0) continue;
        replacements.set(piece.node, nodes);
        last = nodes[nodes.length - 1];
    }
    replaceAll(document, replacements);
    const rest = spots.slice(next).map((spot) => spot.element);
    if (rest.length === 0) return;
    if (last) last.after(...rest);
    else end.append(...rest);
}

/**
 * Puts each node's replacements in its place, one parent at a time: its children are taken off from the
 * front and put back whole. Replacing them one by one in place is quadratic in jsdom (every change there
 * recounts the preceding siblings), and a paragraph of many short emphases has thousands of children.
 */
function replaceAll(document: Document, replacements: ReadonlyMap<ChildNode, Node[]>): void {
    const parents = new Set<ParentNode & Node>();
    for (const node of replacements.keys()) if (node.parentNode) parents.add(node.parentNode);
    for (const parent of parents) {
        const rebuilt = document.createDocumentFragment();
        for (let child = parent.firstChild; child; child = parent.firstChild) {
            child.remove();
            const replacement = replacements.get(child);
            if (replacement) rebuilt.append(...replacement);
            else rebuilt.append(child);
        }
        parent.append(rebuilt);
    }
}
