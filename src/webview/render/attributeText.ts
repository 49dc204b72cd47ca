import type { RelaySpan } from "../../relay/events";

/** A teacher span located in the normalized answer text. */
export interface TeacherStretch {
    /** Offset of its first character in `AttributedText.text`. */
    start: number;
    /** Offset just past its last character. */
    end: number;
    /** Index into the solve's calls, when the span says. */
    call?: number;
}

/** The answer text with, for every character, who wrote it. */
export interface AttributedText {
    /** The spans joined, line endings normalized to "\n" as marked normalizes them. */
    text: string;
    /** Per character of `text`: the index into `teacher` of the stretch that wrote it, or -1 for the student. */
    owners: Int32Array;
    /** Teacher stretches in answer order. */
    teacher: TeacherStretch[];
    /** Maps an offset in the joined raw span text to the matching offset in `text`. */
    toNormalized(rawOffset: number): number;
}

/**
 * Joins the spans and records each character's author. "\r\n" and lone "\r" become "\n" (what marked
 * does before parsing), so offsets here are offsets in what the markdown renderer sees.
 */
export function attributeText(spans: readonly RelaySpan[]): AttributedText {
    const raw = spans.map((span) => span.text).join("");
    const owners = new Int32Array(raw.length);
    const teacher: TeacherStretch[] = [];
    let offset = 0;
    for (const span of spans) {
        const ordinal = span.source === "teacher" && span.text.length > 0 ? teacher.push({ start: offset, end: offset + span.text.length, ...(span.call === undefined ? {} : { call: span.call }) }) - 1 : -1;
        owners.fill(ordinal, offset, offset + span.text.length);
        offset += span.text.length;
    }
    if (!raw.includes("\r")) return { text: raw, owners, teacher, toNormalized: (rawOffset) => Math.max(0, Math.min(rawOffset, raw.length)) };
    return normalizeLineEndings(raw, owners, teacher);
}

function normalizeLineEndings(raw: string, rawOwners: Int32Array, rawTeacher: TeacherStretch[]): AttributedText {
    // rawToText[i] is where raw offset i lands after dropping the "\r" of each "\r\n".
    const rawToText = new Int32Array(raw.length + 1);
    const owners: number[] = [];
    let text = "";
    for (let i = 0; i < raw.length; i++) {
        rawToText[i] = text.length;
        const char = raw[i]!;
        if (char === "\r" && raw[i + 1] === "\n") continue;
        text += char === "\r" ? "\n" : char;
        owners.push(rawOwners[i]!);
    }
    rawToText[raw.length] = text.length;
    const toNormalized = (rawOffset: number): number => rawToText[Math.max(0, Math.min(rawOffset, raw.length))]!;
    const teacher = rawTeacher.map((stretch) => ({ ...stretch, start: toNormalized(stretch.start), end: toNormalized(stretch.end) }));
    return { text, owners: Int32Array.from(owners), teacher, toNormalized };
}
