import { describeCall, type CallInfo } from "./describeCall";

/** Class of the badge marking where a teacher call happened. */
export const CALL_MARKER_CLASS = "relay-call";

/**
 * The badge for call `index` (0-based; `data-call` matches `SolveResult.calls`). It has no text content: its
 * label comes from CSS (`attr(data-label)`), so copying code or reading the answer's text never includes it.
 */
export function createCallMarker(document: Document, index: number, call: CallInfo | undefined, note = ""): HTMLElement {
    const marker = document.createElement("span");
    const title = describeCall(index, call) + note;
    marker.className = CALL_MARKER_CLASS;
    marker.dataset.call = String(index);
    marker.dataset.label = String(index + 1);
    marker.dataset.testid = "call-marker";
    marker.setAttribute("role", "img");
    marker.setAttribute("aria-label", title);
    marker.title = title;
    return marker;
}
