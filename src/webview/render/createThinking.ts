/**
 * The collapsed section holding a model's reasoning: `<details class="relay-think">` titled "Thinking",
 * with `data-state="streaming"` while its `</think>` has not arrived. Returns the section and the element
 * its rendered text goes into.
 */
export function createThinking(document: Document, streaming: boolean): { section: HTMLElement; body: HTMLElement } {
    const section = document.createElement("details");
    section.className = "relay-think";
    section.dataset.state = streaming ? "streaming" : "done";
    section.dataset.testid = "thinking";
    const summary = document.createElement("summary");
    summary.textContent = "Thinking";
    const body = document.createElement("div");
    body.className = "relay-think-body";
    section.append(summary, body);
    return { section, body };
}
