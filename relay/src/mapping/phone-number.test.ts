import { describe, expect, it } from 'vitest';
import { digitPatterns, lastDigits, normalisePhoneNumber } from './phone-number.ts';

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

describe('digitPatterns', () => {
    it('covers the plain last seven digits and their common groupings', () => {
        const patterns = digitPatterns(lastDigits('+46701234567'));
        expect(patterns).toEqual(
            expect.arrayContaining(['1234567', '123 45 67', '123-45-67', '123 4567', '12 345 67'])
        );
        for (const stored of ['070-123 45 67', '+46701234567', '070 123 4567'])
            expect(patterns.some((pattern) => stored.includes(pattern))).toBe(true);
    });

    it('uses short numbers whole', () => {
        expect(digitPatterns(lastDigits('+49123'))).toEqual(['49123']);
        expect(digitPatterns('12345')).toEqual(['12345']);
    });
});
