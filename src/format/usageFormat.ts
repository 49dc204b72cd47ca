/**
 * Number formatting shared by the CLI, the status bar, the chat, the usage panel and the benchmark reports
 * (en-US, so tests are stable). A percentage is written with a space before the sign: "8.4 %".
 */

/**
 * "12,345" (en-US grouping, rounded). Written out rather than with Intl.NumberFormat: building one at load time
 * cost the extension ~15 ms of its activation (ICU's locale data), more than the rest of the bundle's top level.
 */
export function formatTokens(tokens: number): string {
    const rounded = Math.round(Number.isFinite(tokens) ? tokens : 0);
    const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return rounded < 0 ? `-${digits}` : digits;
}

/**
 * A ratio as a percentage: `0.4952` → "49.5 %" with `digits` decimals (default 1); `"auto"`: one decimal under
 * 10 % and none above ("8.4 %", "25 %"); `null` → "–". A non-finite ratio reads as 0.
 */
export function formatPercent(ratio: number | null, digits: number | "auto" = 1): string {
    if (ratio === null) return "–";
    const percent = (Number.isFinite(ratio) ? ratio : 0) * 100;
    if (digits !== "auto") return `${percent.toFixed(digits)} %`;
    return `${percent < 10 && percent !== 0 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** US dollars with two significant digits for the small amounts a solve costs: "$0.00" (as the status bar says), "$0.00042", "$0.012", "$0.50", "$1.25". */
export function formatUSD(amount: number): string {
    const value = Number.isFinite(amount) ? amount : 0;
    if (value === 0) return "$0.00";
    const abs = Math.abs(value);
    const digits = abs >= 1 ? 2 : Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(abs))));
    // Trailing zeros past the cents add nothing: "$0.0090" reads as "$0.009".
    const fixed = abs.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, "$1");
    return `${value < 0 ? "-" : ""}$${fixed}`;
}

/**
 * Whether a teacher price was set for these figures: with none, every amount is 0, and "$0.00" would wrongly
 * say "free", so the views write "not priced" instead.
 */
export function isPriced(usage: { costUSD: number; teacherOnlyCostUSD: number }): boolean {
    return usage.costUSD > 0 || usage.teacherOnlyCostUSD > 0;
}

/** A cost, or "not priced" when no teacher price is set (every amount 0 says nothing about money). */
export function formatCost(amount: number, priced: boolean): string {
    return priced ? formatUSD(amount) : "not priced";
}
