/** Number formatting shared by the chat's usage line and the usage panel (en-US, so tests are stable). */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "12,345". */
export function formatTokens(tokens: number): string {
    return integer.format(Number.isFinite(tokens) ? tokens : 0);
}

/** A ratio in [0, 1] as a percentage: "8.4%" (one decimal under 10%, none above). */
export function formatPercent(ratio: number): string {
    const percent = (Number.isFinite(ratio) ? ratio : 0) * 100;
    return `${percent < 10 && percent !== 0 ? percent.toFixed(1) : Math.round(percent)}%`;
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

/** A cost, or "not priced" when no teacher price is set (every amount 0 says nothing about money). */
export function formatCost(amount: number, priced: boolean): string {
    return priced ? formatUSD(amount) : "not priced";
}
