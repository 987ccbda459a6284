const HOUR_MS = 3_600_000;
/** Hours whose offset a formatter keeps; beyond that it starts afresh (a transcript spans few hours). */
const MAX_CACHED_HOURS = 100_000;

const formatters = new Map<string, (iso: string) => string>();

/** `YYYY-MM-DD HH:MM` as Intl's parts (en-CA), the format the transcript's times have always had. */
export const MINUTE_FORMAT: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
};

/**
 * A cached `YYYY-MM-DD HH:MM` formatter for an IANA time zone: the time an ISO timestamp shows on a clock in
 * that zone, or the text itself when it is not a valid time.
 *
 * Intl's `formatToParts` costs microseconds a call and a transcript has a time per message, so the zone's
 * UTC offset (to the second) is asked of Intl once per UTC hour and the clock time computed from it. An
 * hour whose offset is not the same at its first and last second (a daylight-saving switch falls in it),
 * and a year outside 1000–9999, are formatted by Intl itself. local-time.test.ts checks the result against
 * Intl's, minute by minute through switches and in zones with offsets in minutes and seconds.
 */
export function createMinuteFormatter(timeZone: string): (iso: string) => string {
    const cached = formatters.get(timeZone);
    if (cached) return cached;
    const minutes = new Intl.DateTimeFormat('en-CA', { timeZone, ...MINUTE_FORMAT });
    const seconds = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
    });
    const withIntl = (date: Date): string => {
        const parts = partsOf(minutes, date);
        return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    };
    /** The zone's offset from UTC at `ms`, in milliseconds (whole seconds; Intl shows no finer). */
    const offsetAt = (ms: number): number => {
        const second = ms - (((ms % 1000) + 1000) % 1000);
        const parts = partsOf(seconds, new Date(second));
        const local = Date.UTC(
            Number(parts.year),
            Number(parts.month) - 1,
            Number(parts.day),
            Number(parts.hour),
            Number(parts.minute),
            Number(parts.second)
        );
        return local - second;
    };
    /** Offset per UTC hour; null when it changes within the hour. */
    const hourOffsets = new Map<number, number | null>();
    const formatter = (iso: string): string => {
        const date = new Date(iso);
        const ms = date.getTime();
        if (Number.isNaN(ms)) return iso;
        // Offsets are under a day: a year well inside 1000–9999 in UTC is inside it on the zone's clock.
        const utcYear = date.getUTCFullYear();
        if (utcYear <= 1000 || utcYear >= 9999) return withIntl(date);
        const hour = Math.floor(ms / HOUR_MS);
        let offset = hourOffsets.get(hour);
        if (offset === undefined) {
            const first = offsetAt(hour * HOUR_MS);
            offset = first === offsetAt(hour * HOUR_MS + HOUR_MS - 1000) ? first : null;
            if (hourOffsets.size >= MAX_CACHED_HOURS) hourOffsets.clear();
            hourOffsets.set(hour, offset);
        }
        if (offset === null) return withIntl(date);
        const local = new Date(ms + offset);
        return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
    };
    formatters.set(timeZone, formatter);
    return formatter;
}

function pad(value: number): string {
    return value < 10 ? `0${value}` : String(value);
}

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(date)) parts[part.type] = part.value;
    return parts;
}
