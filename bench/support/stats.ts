/** Small statistics and formatting helpers for the benchmark report. */

/** The median of the values (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
    if (values.length === 0) return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
        ? (sorted[middle] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `value / baseline`, NaN when the baseline is 0 or missing. */
export function ratio(value: number, baseline: number): number {
    return baseline > 0 && Number.isFinite(baseline) ? value / baseline : Number.NaN;
}

/** A number with `digits` significant decimals, or `n/a`. */
export function formatNumber(value: number, digits = 1): string {
    if (!Number.isFinite(value)) return 'n/a';
    return value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
    });
}

/** The runs of a repeated measurement, as `a / b / c` for the report. */
export function formatRuns(values: readonly number[], digits = 1): string {
    return values.map((value) => formatNumber(value, digits)).join(' / ');
}

/** Bytes as KiB or MiB with one decimal. */
export function formatBytes(bytes: number): string {
    if (bytes >= 1024 * 1024) return `${formatNumber(bytes / (1024 * 1024))} MiB`;
    return `${formatNumber(bytes / 1024)} KiB`;
}
