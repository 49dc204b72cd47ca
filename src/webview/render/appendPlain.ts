import { element } from "../shared/element";

/** Class of answer text shown as written, without Markdown or math: beyond the renderer's bounds, or failed. */
export const PLAIN_CLASS = "relay-plain";
/** Class of the note before it that says why. */
export const PLAIN_NOTE_CLASS = "relay-plain-note";

/**
 * Appends to `into` a note "Shown as plain text: {reason}." and then `text` itself in a block that keeps
 * its line breaks. Built from text nodes only, so nothing in `text` is ever parsed. Returns the text's node
 * (for authorship marking; the note is not answer text).
 */
export function appendPlain(document: Document, into: ParentNode, text: string, reason: string): Text {
    const node = document.createTextNode(text);
    into.append(
        element(document, "p", { className: `relay-note ${PLAIN_NOTE_CLASS}`, testId: "plain-note", text: `Shown as plain text: ${reason}.` }),
        element(document, "div", { className: PLAIN_CLASS, testId: "plain-text" }, node),
    );
    return node;
}
