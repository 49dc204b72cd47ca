/** Attributes and properties for `element`: `text` sets textContent, `dataset` data-* attributes, the rest attributes. */
export interface ElementProps {
    className?: string;
    text?: string;
    title?: string;
    testId?: string;
    dataset?: Record<string, string>;
    attributes?: Record<string, string>;
}

/** Creates an element of `document` with the given props and children (never through HTML parsing). */
export function element<K extends keyof HTMLElementTagNameMap>(document: Document, tag: K, props: ElementProps = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
    const created = document.createElement(tag);
    if (props.className) created.className = props.className;
    if (props.title) created.title = props.title;
    if (props.testId) created.dataset.testid = props.testId;
    for (const [name, value] of Object.entries(props.dataset ?? {})) created.dataset[name] = value;
    for (const [name, value] of Object.entries(props.attributes ?? {})) created.setAttribute(name, value);
    if (props.text !== undefined) created.textContent = props.text;
    created.append(...children);
    return created;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element with string attributes. */
export function svgElement<K extends keyof SVGElementTagNameMap>(document: Document, tag: K, attributes: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
    const created = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, String(value));
    created.append(...children);
    return created;
}
