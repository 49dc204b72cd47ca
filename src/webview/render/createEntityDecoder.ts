/** An HTML character reference at the start of a string: `&amp;`, `&#42;`, `&#x2A;`. */
export const ENTITY = /^&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;

/**
 * Returns a decoder for one character reference matched by `ENTITY` (named ones through an inert
 * `<template>` of `document`, so the browser's own table is used). Unknown names decode to themselves.
 */
export function createEntityDecoder(document: Document): (entity: string) => string {
    const named = new Map<string, string>();
    const template = document.createElement("template");
    return (entity) => {
        if (entity.startsWith("&#")) {
            const code = entity[2] === "x" || entity[2] === "X" ? parseInt(entity.slice(3, -1), 16) : parseInt(entity.slice(2, -1), 10);
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\uFFFD";
        }
        let text = named.get(entity);
        if (text === undefined) {
            template.innerHTML = entity;
            text = template.content.textContent ?? entity;
            named.set(entity, text);
        }
        return text;
    };
}
