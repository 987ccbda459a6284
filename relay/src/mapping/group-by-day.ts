import type { TranscriptEntry } from './transcript.ts';

/** The transcript lines of one calendar day. */
export interface DayGroup {
    /** `DD/MM/YYYY` in the configured time zone, as in the note title. */
    label: string;
    /** The time of the day's last line (ms), for the note's date. */
    lastSentAt: number;
    entries: string[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `DD/MM/YYYY` of an instant in a time zone. */
export function formatDay(time: number, timeZone: string): string {
    let format = formatters.get(timeZone);
    if (!format) {
        format = new Intl.DateTimeFormat('en-GB', {
            timeZone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
        });
        formatters.set(timeZone, format);
    }
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(time))) parts[part.type] = part.value;
    return `${parts.day}/${parts.month}/${parts.year}`;
}

/**
 * Splits the transcript into calendar days of `timeZone`, in order. Lines before the first line with a time
 * belong to the day of `fallbackTime` (the conversation's start, else now). Days are in order of their
 * first line; lines keep their order within a day.
 */
export function groupEntriesByDay(
    entries: readonly TranscriptEntry[],
    timeZone: string,
    fallbackTime: number
): DayGroup[] {
    const days = new Map<string, DayGroup>();
    for (const entry of entries) {
        const time = entry.sentAt ?? fallbackTime;
        const label = formatDay(time, timeZone);
        const day = days.get(label);
        if (day) {
            day.entries.push(entry.text);
            day.lastSentAt = Math.max(day.lastSentAt, time);
        } else {
            days.set(label, { label, lastSentAt: time, entries: [entry.text] });
        }
    }
    return [...days.values()];
}
