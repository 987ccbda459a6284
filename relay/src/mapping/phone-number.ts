import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** How many trailing digits candidate numbers are queried by (the fallback match of TimelinesAI's integrations). */
export const MATCH_DIGITS = 7;

/**
 * A phone number in E.164 form (`+46701234567`), or undefined when the text is not a possible number.
 * Numbers without a country code are read in `defaultRegion`; `00` international prefixes and the Swedish
 * style `+46 (0)70…` are understood. Free-form separators (spaces, dashes, dots, brackets) are ignored.
 */
export function normalisePhoneNumber(
    text: string,
    defaultRegion: string | undefined
): string | undefined {
    const trimmed = text.trim();
    if (!/\d/.test(trimmed)) return undefined;
    // "+46 (0)70 …" is a common way of writing the trunk prefix next to the country code; drop the "(0)".
    const cleaned = trimmed.replace(/^(\+\d{1,3})\s*\(0\)/, '$1').replace(/^00(?=[1-9])/, '+');
    const parsed = parsePhoneNumberFromString(
        cleaned,
        defaultRegion ? { defaultCountry: defaultRegion as CountryCode } : undefined
    );
    return parsed?.isPossible() ? parsed.number : undefined;
}

/**
 * The patterns that find a stored number equal to `number` (E.164) with Lime's `?` (contains) operator,
 * by the last seven digits of its national number. Lime keeps numbers as typed, so those digits may be
 * broken up: the patterns are the plain digits, the common groupings `123 45 67`, `123 4567`,
 * `12 345 67` (with a space or a dash), `12 34 567` and `1 23 45 67` (with a space), and the way
 * libphonenumber-js writes the number in its country's national and international format (`0 900123`
 * for `07700 900123`). The list is short on purpose, because every pattern is one more clause in the
 * query URL.
 * ASSUMPTION: stored numbers write their last seven digits in one of these ways; a number written
 * otherwise (`1 2 3 4 5 6 7`, `123.45.67`) is not found and the rule finds no person.
 */
export function phonePatterns(number: string): string[] {
    const parsed = parsePhoneNumberFromString(number);
    const national = parsed ? String(parsed.nationalNumber) : number.replace(/\D/g, '');
    const digits = national.slice(-MATCH_DIGITS);
    const patterns = new Set<string>([digits]);
    if (digits.length < MATCH_DIGITS) return [...patterns];
    const group = (sizes: readonly number[], separator: string): string => {
        const groups: string[] = [];
        let start = 0;
        for (const size of sizes) {
            groups.push(digits.slice(start, start + size));
            start += size;
        }
        return groups.join(separator);
    };
    for (const sizes of [
        [3, 2, 2],
        [3, 4],
        [2, 3, 2],
    ]) {
        patterns.add(group(sizes, ' '));
        patterns.add(group(sizes, '-'));
    }
    patterns.add(group([2, 2, 3], ' '));
    patterns.add(group([1, 2, 2, 2], ' '));
    if (parsed) {
        for (const formatted of [parsed.formatNational(), parsed.formatInternational()])
            patterns.add(tailWithDigits(formatted, MATCH_DIGITS));
    }
    return [...patterns];
}

/** The end of a formatted number that holds its last `count` digits (`0 900123` of `07700 900123`). */
function tailWithDigits(formatted: string, count: number): string {
    let seen = 0;
    for (let index = formatted.length - 1; index >= 0; index -= 1) {
        if (/\d/.test(formatted.charAt(index)) && ++seen === count) return formatted.slice(index);
    }
    return formatted;
}
