import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** How many trailing digits candidate numbers are queried by (TimelinesAI's fallback match, userlike.md §5a). */
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

/** The last `count` digits of a number (all of them when it has fewer). */
export function lastDigits(number: string, count = MATCH_DIGITS): string {
    return number.replace(/\D/g, '').slice(-count);
}

/**
 * The patterns that find a stored number ending in `digits` with Lime's `?` (contains) operator. Lime
 * keeps numbers as typed, so the last seven digits may be broken up: the patterns are the plain digits and
 * the common groupings `123 45 67`, `123 4567`, `12 345 67` with a space or a dash. The list is short on
 * purpose, because every pattern is one more clause in the query URL.
 * ASSUMPTION: stored numbers group their last seven digits in one of these ways (or not at all); a number
 * written otherwise (`1 2 3 4 5 6 7`, `123.45.67`) is not found and the rule finds no person.
 */
export function digitPatterns(digits: string): string[] {
    const patterns = new Set<string>([digits]);
    if (digits.length === MATCH_DIGITS) {
        for (const grouping of [
            [3, 2, 2],
            [3, 4],
            [2, 3, 2],
        ]) {
            const groups: string[] = [];
            let start = 0;
            for (const size of grouping) {
                groups.push(digits.slice(start, start + size));
                start += size;
            }
            for (const separator of [' ', '-']) patterns.add(groups.join(separator));
        }
    }
    return [...patterns];
}
