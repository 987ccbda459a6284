import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
/** Compared against when the tenant is unknown, so that both cases take the same time. */
const UNKNOWN_TENANT_KEY = digest(randomBytes(32).toString('hex'));

/**
 * Whether the `x-api-key` a caller sent is the tenant's relay key. Both sides are hashed first so the
 * comparison is constant-time whatever their lengths; an unknown tenant is compared against a random key
 * so the answer does not reveal whether the tenant exists.
 */
export function isAuthorized(
    providedKey: string | undefined,
    expectedKey: string | undefined
): boolean {
    const expected = expectedKey === undefined ? UNKNOWN_TENANT_KEY : digest(expectedKey);
    const provided = digest(providedKey ?? '');
    return (
        timingSafeEqual(provided, expected) &&
        expectedKey !== undefined &&
        providedKey !== undefined
    );
}
