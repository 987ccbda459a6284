import { describe, expect, it } from 'vitest';
import { createMinuteFormatter, MINUTE_FORMAT } from './local-time.ts';

/** What the formatter must match: Intl's own `YYYY-MM-DD HH:MM`, one formatToParts call per time. */
function intlMinute(timeZone: string): (iso: string) => string {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, ...MINUTE_FORMAT });
    return (iso) => {
        const date = new Date(iso);
        if (Number.isNaN(date.getTime())) return iso;
        const parts: Record<string, string> = {};
        for (const part of format.formatToParts(date)) parts[part.type] = part.value;
        return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    };
}

// Whole-hour, half-hour and 45-minute offsets; a 30-minute and a 2-hour daylight-saving shift; negative
// "winter time" (Dublin); an offset in seconds before 1972 (Monrovia, -00:44:30).
const ZONES = [
    'UTC',
    'Europe/Berlin',
    'Europe/Dublin',
    'America/St_Johns',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Antarctica/Troll',
    'Africa/Monrovia',
];

describe('createMinuteFormatter', () => {
    it('matches Intl through the daylight-saving switches of a year, and across it', () => {
        const DAY_MS = 86_400_000;
        for (const zone of ZONES) {
            const fast = createMinuteFormatter(zone);
            const reference = intlMinute(zone);
            const iso = (ms: number) => new Date(ms).toISOString();
            const offsetAt = (ms: number) =>
                Date.parse(`${reference(iso(ms)).replace(' ', 'T')}Z`) - (ms - (ms % 60_000));
            const times: string[] = [];
            for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2025, 0, 1); day += DAY_MS) {
                // A day with a switch in it: every 73 seconds (each minute of the hour, switch hour included).
                const step = offsetAt(day) === offsetAt(day + DAY_MS - 1) ? 18_007_000 : 73_000;
                for (let ms = day; ms < day + DAY_MS; ms += step) times.push(iso(ms));
            }
            expect(times.map(fast), zone).toEqual(times.map(reference));
        }
    });

    it('matches Intl at random times from 1900 to 2100, and for odd input', () => {
        let seed = 42;
        const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
        const from = Date.UTC(1900, 0, 1);
        const to = Date.UTC(2100, 0, 1);
        const odd = [
            'not a time',
            '',
            '2024-02-22T15:49:59.999+05:45',
            '2024-02-22 15:49',
            '0050-06-01T12:00:00Z',
            '+010000-01-01T00:00:00Z',
            '-000500-01-01T00:00:00Z',
            '1000-01-01T00:00:00Z',
            '9999-12-31T23:59:59Z',
        ];
        for (const zone of ZONES) {
            const fast = createMinuteFormatter(zone);
            const reference = intlMinute(zone);
            const times = [
                ...Array.from({ length: 3_000 }, () =>
                    new Date(from + Math.floor(random() * (to - from))).toISOString()
                ),
                ...odd,
            ];
            expect(times.map(fast), zone).toEqual(times.map(reference));
        }
    });
});
