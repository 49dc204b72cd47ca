/** Attribute naming a code block's action on its buttons: "copy" or "insert". */
export const CODE_ACTION_ATTRIBUTE = "data-code-action";

export type CodeAction = "copy" | "insert";

const ACTIONS: readonly { action: CodeAction; label: string; title: string }[] = [
    { action: "copy", label: "Copy", title: "Copy the code" },
    { action: "insert", label: "Insert at cursor", title: "Insert the code at the cursor in the active editor" },
];

/**
 * Gives every code block under `root` a toolbar: its language and "Copy" / "Insert at cursor" buttons. The
 * buttons only carry `data-code-action`; the view script reacts to clicks (no inline handlers, no code in
 * attributes) and reads the code with `codeForAction`.
 */
export function addCodeActions(document: Document, root: ParentNode): void {
    for (const pre of Array.from(root.querySelectorAll("pre"))) {
        const code = pre.firstElementChild;
        if (code?.nodeName.toLowerCase() !== "code" || pre.closest(".katex")) continue;
        const block = document.createElement("div");
        block.className = "relay-code";
        const toolbar = document.createElement("div");
        toolbar.className = "relay-code-actions";
        const language = /(?:^|\s)language-(\S+)/.exec(code.className)?.[1];
        const label = document.createElement("span");
        label.className = "relay-code-language";
        label.textContent = language ?? "";
        toolbar.append(label);
        for (const { action, label: text, title } of ACTIONS) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = "relay-code-action";
            button.setAttribute(CODE_ACTION_ATTRIBUTE, action);
            button.dataset.testid = `code-${action}`;
            button.title = title;
            button.textContent = text;
            toolbar.append(button);
        }
        pre.replaceWith(block);
        block.append(toolbar, pre);
    }
}

/**
 * For a click target inside a code toolbar: the action and the block's code (without the newline markdown
 * adds at its end). Undefined when the target is not a code action button.
 */
export function codeForAction(target: Element): { action: CodeAction; code: string } | undefined {
    const button = target.closest(`[${CODE_ACTION_ATTRIBUTE}]`);
    const action = button?.getAttribute(CODE_ACTION_ATTRIBUTE);
    if (!button || (action !== "copy" && action !== "insert")) return undefined;
    const code = button.closest(".relay-code")?.querySelector("pre > code");
    if (!code) return undefined;
    return { action, code: (code.textContent ?? "").replace(/\n$/, "") };
}
