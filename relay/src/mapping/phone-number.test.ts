import { describe, expect, it } from 'vitest';
import { normalisePhoneNumber, phonePatterns } from './phone-number.ts';

describe('normalisePhoneNumber', () => {
    it('reads free-form national numbers in the default region', () => {
        expect(normalisePhoneNumber('070-123 45 67', 'SE')).toBe('+46701234567');
        expect(normalisePhoneNumber('(070) 123.45.67', 'SE')).toBe('+46701234567');
    });

    it('reads international forms whatever the default region', () => {
        expect(normalisePhoneNumber('+46 70 123 45 67', 'DE')).toBe('+46701234567');
        expect(normalisePhoneNumber('0046701234567', undefined)).toBe('+46701234567');
        expect(normalisePhoneNumber('+46 (0)70 123 45 67', undefined)).toBe('+46701234567');
    });

    it('gives up on national numbers without a default region, and on text that is no number', () => {
        expect(normalisePhoneNumber('070-123 45 67', undefined)).toBeUndefined();
        expect(normalisePhoneNumber('call me', 'SE')).toBeUndefined();
        expect(normalisePhoneNumber('12', 'SE')).toBeUndefined();
    });
});

describe('phonePatterns', () => {
    it('covers the plain last seven digits and their common groupings', () => {
        const patterns = phonePatterns('+46701234567');
        expect(patterns).toEqual(
            expect.arrayContaining(['1234567', '123 45 67', '123-45-67', '123 4567', '12 345 67'])
        );
        for (const stored of ['070-123 45 67', '+46701234567', '070 123 4567'])
            expect(patterns.some((pattern) => stored.includes(pattern))).toBe(true);
    });

    it('covers the forms numbers are usually written in their own country', () => {
        const cases: [string, string[]][] = [
            ['+4741234567', ['41 23 45 67', '+47 412 34 567']],
            ['+4512345678', ['12 34 56 78', '+45 12345678']],
            ['+33612345678', ['06 12 34 56 78', '+33 6 12 34 56 78']],
            ['+447700900123', ['07700 900123', '+44 7700 900123']],
            ['+12025550123', ['(202) 555-0123', '202-555-0123']],
        ];
        for (const [number, written] of cases) {
            const patterns = phonePatterns(number);
            for (const stored of written)
                expect({ stored, found: patterns.some((p) => stored.includes(p)) }).toEqual({
                    stored,
                    found: true,
                });
            expect(patterns.length).toBeLessThanOrEqual(12);
        }
    });

    it('uses the national number of a short number whole, without the country code', () => {
        expect(phonePatterns('+2905123')).toEqual(['5123']);
    });
});
