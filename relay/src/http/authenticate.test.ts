import { describe, expect, it } from 'vitest';
import { isAuthorized } from './authenticate.ts';

const OLD = 'old-key-0123456789';
const NEW = 'new-key-0123456789';

describe('isAuthorized', () => {
    it('accepts any of the accepted keys, and only those', () => {
        expect(isAuthorized(OLD, [OLD])).toBe(true);
        expect(isAuthorized(OLD, [OLD, NEW])).toBe(true);
        expect(isAuthorized(NEW, [OLD, NEW])).toBe(true);
        expect(isAuthorized(OLD, [NEW])).toBe(false);
        expect(isAuthorized('new-key-012345678', [OLD, NEW])).toBe(false);
        expect(isAuthorized(`${NEW}x`, [OLD, NEW])).toBe(false);
    });

    it('refuses a missing key, and every key where none is accepted (unknown tenant, admin off)', () => {
        expect(isAuthorized(undefined, [OLD])).toBe(false);
        expect(isAuthorized('', [OLD])).toBe(false);
        expect(isAuthorized(OLD, undefined)).toBe(false);
        expect(isAuthorized(OLD, [])).toBe(false);
        expect(isAuthorized(undefined, undefined)).toBe(false);
        expect(isAuthorized('', [''])).toBe(false);
    });
});
