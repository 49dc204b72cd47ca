import type { RelaySpan } from "../../relay/events";
import { addCodeActions } from "./codeActions";
import { alignText, type AlignedPiece } from "./alignText";
import { appendPlain } from "./appendPlain";
import { attributeText, type AttributedText } from "./attributeText";
import { createCallMarker } from "./createCallMarker";
import { createMarkdown } from "./createMarkdown";
import { createThinking } from "./createThinking";
import { createEntityDecoder } from "./createEntityDecoder";
import { describeCall, type CallInfo } from "./describeCall";
import { markAuthors, type MarkerSpot } from "./markAuthors";
import { createMathRenderer } from "./createMathRenderer";
import { createSanitizer } from "./createSanitizer";
import { scanMarkdownBounds } from "./scanMarkdownBounds";
import { splitThinking } from "./splitThinking";

/** What to render: one answer as the engine attributes it. */
export interface RenderInput {
    /** The answer's spans; their texts joined are the answer. */
    spans: readonly RelaySpan[];
    /** Per call index (as in `SolveResult.calls`): its record, or what is known while it streams. */
    calls: readonly (CallInfo | undefined)[];
    /**
     * Per call index, the offset in the answer text (joined span texts) where the call happened. Needed only
     * for calls that wrote nothing (a failed or empty call has no span to show where it was); a call without
     * either is badged at the end of the answer. Default: none known.
     */
    callOffsets?: readonly (number | undefined)[];
    /** True while the answer is still streaming: an unterminated `<think>` shows as in progress. Default false. */
    streaming?: boolean;
}

/** Renders answers for one window's document. */
export interface AnswerRenderer {
    /**
     * The answer as sanitized DOM nodes of the renderer's document, ready to append. Never throws: text that
     * is beyond the renderer's bounds, or that fails to render, is shown as plain text with a note.
     */
    render(input: RenderInput): DocumentFragment;
}

/**
 * Creates the answer renderer for `window` (the webview's, or a jsdom window in tests). Pipeline: split
 * `<think>` sections; set aside as plain text the paragraphs nested or marked up beyond the bounds
 * (`scanMarkdownBounds`; formulas are checked before KaTeX by `checkFormula`), so the work stays linear in
 * the answer's length; lex the rest with marked (plus TeX math through KaTeX); render and sanitize it block
 * by block; find which answer character each rendered character shows (`alignText`); wrap characters in
 * their author's element and insert call badges (`markAuthors`); add code block toolbars. Spans never
 * enter the markdown source, so authorship cannot change how the answer parses, wherever a span begins.
 */
export function createRenderer(window: Window): AnswerRenderer {
    const document = window.document;
    const markdown = createMarkdown(createMathRenderer());
    const sanitize = createSanitizer(window);
    const decodeEntity = createEntityDecoder(document);

    const appendPlainText = (attributed: AttributedText, from: number, to: number, reason: string, into: ParentNode, pieces: AlignedPiece[]): void => {
        // Blank lines at its edges separate it from its neighbours; shown, they would be empty lines.
        let start = from;
        let end = to;
        while (start < end && /\s/.test(attributed.text[start]!)) start++;
        while (end > start && /\s/.test(attributed.text[end - 1]!)) end--;
        if (start === end) return;
        const node = appendPlain(document, into, attributed.text.slice(start, end), reason);
        const offsets = new Int32Array(end - start);
        for (let index = 0; index < offsets.length; index++) offsets[index] = start + index;
        pieces.push({ kind: "text", node, offsets });
    };

    const renderMarkdown = (attributed: AttributedText, start: number, end: number, into: ParentNode, pieces: AlignedPiece[]): void => {
        const rendered = document.createDocumentFragment();
        const found: AlignedPiece[] = [];
        try {
            const blocks: { html: string; start: number; end: number }[] = [];
            let offset = start;
            for (const token of markdown.lexer(attributed.text.slice(start, end))) {
                if (token.type !== "space" && token.type !== "def") blocks.push({ html: markdown.parser([token]), start: offset, end: offset + token.raw.length });
                offset += token.raw.length;
            }
            sanitize(blocks.map((block) => block.html)).forEach((fragment, index) => {
                for (const piece of alignText(fragment, attributed.text, blocks[index]!.start, blocks[index]!.end, decodeEntity)) found.push(piece);
                rendered.append(fragment);
            });
        } catch {
            // Whatever marked, KaTeX or the sanitizer threw on (a stack overflow the bounds missed), the text
            // is still shown, and the rest of the answer renders.
            appendPlainText(attributed, start, end, "it could not be rendered", into, pieces);
            return;
        }
        into.append(rendered);
        for (const piece of found) pieces.push(piece);
    };

    const renderSection = (attributed: AttributedText, start: number, end: number, into: ParentNode, pieces: AlignedPiece[]): void => {
        let offset = start;
        for (const stretch of scanMarkdownBounds(attributed.text.slice(start, end))) {
            renderMarkdown(attributed, offset, start + stretch.start, into, pieces);
            appendPlainText(attributed, start + stretch.start, start + stretch.end, stretch.reason, into, pieces);
            offset = start + stretch.end;
        }
        renderMarkdown(attributed, offset, end, into, pieces);
    };

    const renderAnswer = (input: RenderInput): DocumentFragment => {
        const attributed = attributeText(input.spans);
        const root = document.createDocumentFragment();
        const pieces: AlignedPiece[] = [];
        for (const section of splitThinking(attributed.text)) {
            if (section.kind === "answer") {
                renderSection(attributed, section.start, section.end, root, pieces);
                continue;
            }
            const thinking = createThinking(document, !section.closed && input.streaming === true);
            renderSection(attributed, section.start, section.end, thinking.body, pieces);
            root.append(thinking.section);
        }
        const describe = (ordinal: number) => {
            const call = attributed.teacher[ordinal]?.call;
            return call === undefined ? { title: "Written by the teacher" } : { call, title: describeCall(call, input.calls[call]) };
        };
        markAuthors(document, pieces, attributed, describe, callMarkers(document, input, attributed), root);
        addCodeActions(document, root);
        return root;
    };

    const render = (input: RenderInput): DocumentFragment => {
        try {
            return renderAnswer(input);
        } catch {
            const root = document.createDocumentFragment();
            appendPlain(document, root, input.spans.map((span) => span.text).join(""), "it could not be rendered");
            return root;
        }
    };

    return { render };
}

/** A badge per call, placed where its first stretch starts, else at its recorded offset, else at the end. */
function callMarkers(document: Document, input: RenderInput, attributed: AttributedText): MarkerSpot[] {
    return input.calls.map((call, index) => {
        const stretch = attributed.teacher.find((candidate) => candidate.call === index);
        const recorded = input.callOffsets?.[index];
        if (stretch) return { offset: stretch.start, element: createCallMarker(document, index, call) };
        if (typeof recorded === "number") return { offset: attributed.toNormalized(recorded), element: createCallMarker(document, index, call, " · wrote no text") };
        return { offset: Number.MAX_SAFE_INTEGER, element: createCallMarker(document, index, call, " · wrote no text (position unknown)") };
    });
}
