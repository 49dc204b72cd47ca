/** Elements whose details the tooltip shows (call badges, teacher text, formulas). */
const DETAIL_SELECTOR = "[data-detail]";
const GAP_PX = 6;

/** The chat's one hover: shown for `[data-detail]` on pointer hover and keyboard focus, hidden on leave, blur and Escape. */
export interface Tooltip {
    hide(): void;
    dispose(): void;
}

/**
 * Makes `tooltip` (a `role="tooltip"` element of the body) the hover for every `[data-detail]` element of
 * `window`'s document: styled by the theme, reachable by keyboard (badges take focus) and announced through
 * `aria-describedby`. One element serves all, positioned below its target, above it near the bottom edge.
 */
export function attachTooltip(window: Window, tooltip: HTMLElement): Tooltip {
    const document = window.document;
    let anchor: Element | undefined;

    const show = (target: Element): void => {
        const text = target.getAttribute("data-detail");
        if (!text) return;
        if (anchor && anchor !== target) anchor.removeAttribute("aria-describedby");
        anchor = target;
        tooltip.textContent = text;
        tooltip.hidden = false;
        target.setAttribute("aria-describedby", tooltip.id);
        const box = target.getBoundingClientRect();
        const height = tooltip.offsetHeight;
        const width = tooltip.offsetWidth;
        const below = box.bottom + GAP_PX + height <= window.innerHeight;
        const top = below ? box.bottom + GAP_PX : Math.max(0, box.top - GAP_PX - height);
        const left = Math.max(4, Math.min(box.left, window.innerWidth - width - 4));
        tooltip.style.top = `${Math.round(top)}px`;
        tooltip.style.left = `${Math.round(left)}px`;
    };
    const hide = (): void => {
        anchor?.removeAttribute("aria-describedby");
        anchor = undefined;
        tooltip.hidden = true;
    };
    const detailOf = (event: Event): Element | undefined => {
        const target = event.target as Element | null;
        return typeof target?.closest === "function" ? target.closest(DETAIL_SELECTOR) ?? undefined : undefined;
    };

    const listeners: [string, (event: Event) => void][] = [
        ["mouseover", (event) => {
            const target = detailOf(event);
            if (target) show(target);
            else if (anchor) hide();
        }],
        ["focusin", (event) => {
            const target = detailOf(event);
            if (target) show(target);
        }],
        ["focusout", (event) => detailOf(event) === anchor && hide()],
        ["keydown", (event) => (event as KeyboardEvent).key === "Escape" && hide()],
        ["scroll", hide],
    ];
    for (const [type, listener] of listeners) document.addEventListener(type, listener, true);
    return {
        hide,
        dispose() {
            for (const [type, listener] of listeners) document.removeEventListener(type, listener, true);
        },
    };
}
