import { describeCall, type CallInfo } from "./describeCall";

/** Class of the badge marking where a teacher call happened. */
export const CALL_MARKER_CLASS = "relay-call";

/** Added to the badge of a call that failed: drawn apart from a call that wrote text. */
export const FAILED_CALL_CLASS = "relay-call-failed";

/**
 * The badge for call `index` (0-based; `data-call` matches `SolveResult.calls`). It has no text content: its
 * label comes from CSS (`attr(data-label)`), so copying code or reading the answer's text never includes it.
 * Its details are in `data-detail` and its accessible name; it takes keyboard focus, where the view's own
 * hover shows them (no `title`: the browser's tooltip is unstyled and unreachable by keyboard).
 */
export function createCallMarker(document: Document, index: number, call: CallInfo | undefined, note = ""): HTMLElement {
    const marker = document.createElement("span");
    const title = describeCall(index, call) + note;
    const failed = call?.finishReason === "error";
    marker.className = failed ? `${CALL_MARKER_CLASS} ${FAILED_CALL_CLASS}` : CALL_MARKER_CLASS;
    marker.dataset.call = String(index);
    marker.dataset.label = failed ? `${index + 1} ✕` : String(index + 1);
    marker.dataset.testid = "call-marker";
    marker.setAttribute("role", "img");
    marker.setAttribute("aria-label", title);
    marker.tabIndex = 0;
    marker.dataset.detail = title;
    return marker;
}
