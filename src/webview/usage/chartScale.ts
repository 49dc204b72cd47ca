/** Axis arithmetic for the usage chart, kept free of the DOM. */

/** Tick values from 0 to a "nice" maximum at or above `max` (1, 2, 2.5 or 5 times a power of ten per step). */
export function niceTicks(max: number, targetCount = 4): number[] {
    const top = Number.isFinite(max) && max > 0 ? max : 1;
    const rough = top / targetCount;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!;
    const count = Math.ceil(top / step - 1e-9);
    // Rounding keeps 0.30000000000000004 from showing up in labels.
    return Array.from({ length: count + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}

/** Maps [domainMin, domainMax] linearly onto [rangeStart, rangeEnd]; a zero-width domain maps to the middle. */
export function linearScale(domainMin: number, domainMax: number, rangeStart: number, rangeEnd: number): (value: number) => number {
    const width = domainMax - domainMin;
    if (width === 0) return () => (rangeStart + rangeEnd) / 2;
    return (value) => rangeStart + ((value - domainMin) / width) * (rangeEnd - rangeStart);
}
