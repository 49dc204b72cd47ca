import type { TimeNode } from "./types";

/**
 * `20:34`, `20:34:00`, `8:34 p.m.`, `8:34 PM`, `8 pm`, `12:05\text{ a.m.}` (LaTeX already normalized, so a final
 * `.` may be gone). Minutes and seconds take two digits, so a ratio such as `1:3` is not read as a time.
 */
const CLOCK = /^(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?\s*(?:\\text\{\s*([^{}]*?)\s*\})?\s*([AaPp]\.?\s*[Mm]\.?)?$/;
const MERIDIEM = /^([AaPp])\.?\s*[Mm]\.?$/;

/**
 * A time of day, as seconds after midnight, or undefined when `latex` is not one. Written with a.m./p.m., the
 * hour is 1 to 12 and `12` is noon or midnight; written without, it is read on a 24-hour clock, so `8:34` is
 * 08:34 and not 20:34 (a gold answer in 12-hour form without a marker cannot say which it means, and we do not
 * guess). A bare hour (`8`) is a time only with a marker: alone it is a number.
 */
export function parseClockTime(latex: string): TimeNode | undefined {
    const match = CLOCK.exec(latex.trim());
    if (!match) return undefined;
    const [, hourText, minuteText, secondText, textMarker, plainMarker] = match;
    if (textMarker !== undefined && plainMarker !== undefined) return undefined;
    const markerText = textMarker ?? plainMarker;
    const marker = markerText === undefined ? undefined : MERIDIEM.exec(markerText)?.[1]?.toLowerCase();
    if (markerText !== undefined && marker === undefined) return undefined;
    if (minuteText === undefined && marker === undefined) return undefined;
    let hour = Number(hourText);
    const minute = Number(minuteText ?? 0);
    const second = Number(secondText ?? 0);
    if (minute > 59 || second > 59) return undefined;
    if (marker === undefined) {
        if (hour > 23) return undefined;
    } else {
        if (hour < 1 || hour > 12) return undefined;
        hour = (hour % 12) + (marker === "p" ? 12 : 0);
    }
    return { kind: "time", latex: latex.trim(), seconds: hour * 3600 + minute * 60 + second };
}
