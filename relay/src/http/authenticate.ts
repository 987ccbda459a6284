import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => hash('sha256', value, 'buffer');
/** Compared against when the tenant is unknown, so that both cases take the same time. */
const UNKNOWN_TENANT_KEY = digest(randomBytes(32).toString('hex'));
/** The digests of the configured keys, so a request hashes only the key it sent. */
const expectedDigests = new Map<string, Buffer>();
/** Configured keys are a handful; the bound only matters if keys were replaced again and again. */
const MAX_EXPECTED_DIGESTS = 1_000;

function digestOfExpected(key: string): Buffer {
    let known = expectedDigests.get(key);
    if (!known) {
        known = digest(key);
        if (expectedDigests.size >= MAX_EXPECTED_DIGESTS) expectedDigests.clear();
        expectedDigests.set(key, known);
    }
    return known;
}

/**
 * Whether the key a caller sent (`x-api-key`, `x-admin-key`) is one of the accepted keys (a tenant's relay
 * keys, the admin keys: several during a rotation). Both sides are hashed first so each comparison is
 * constant-time whatever their lengths, and the sent key is compared with every accepted key, without
 * stopping at a match: the time taken depends on how many keys there are, never on which one matched or
 * how much of one did. Unknown tenant (no keys) is compared against a random key so the answer does not
 * reveal whether the tenant exists.
 */
export function isAuthorized(
    providedKey: string | undefined,
    acceptedKeys: readonly string[] | undefined
): boolean {
    const provided = digest(providedKey ?? '');
    const expected =
        acceptedKeys === undefined || acceptedKeys.length === 0
            ? [UNKNOWN_TENANT_KEY]
            : acceptedKeys.map(digestOfExpected);
    // Bitwise OR, not `||` or `some`: every comparison runs.
    let matches = 0;
    for (const key of expected) matches |= Number(timingSafeEqual(provided, key));
    return (
        matches === 1 &&
        acceptedKeys !== undefined &&
        acceptedKeys.length > 0 &&
        providedKey !== undefined &&
        providedKey !== ''
    );
}
