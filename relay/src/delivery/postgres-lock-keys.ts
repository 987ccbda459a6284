import { createHash } from 'node:crypto';

/**
 * Keys of the PostgreSQL advisory locks the delivery store takes. Advisory locks are one flat 64-bit key
 * space per database, shared with every other application on it, so each key is a hash of a purpose tag,
 * the store's schema and the locked thing. A collision (2^-64 per pair) would only make two unrelated
 * things wait for each other; it can never let two holders in at once.
 *
 * Computed here rather than with `hashtextextended` in SQL so the keys do not depend on the server version.
 */

/** The lock that serialises `migrate()` of one schema across every instance. */
export function computeMigrationLockKey(schema: string): string {
    return computeLockKey(['migrate', schema]);
}

/**
 * The lock of one (tenant, conversation): held by `enqueue` around its insert and by `claim` while it
 * decides, so the conversation's deliveries get `seq` numbers in commit order and are claimed one at a time.
 */
export function computeConversationLockKey(
    schema: string,
    tenant: string,
    conversationId: string
): string {
    return computeLockKey(['conversation', schema, tenant, conversationId]);
}

/** The lock of one rate-limit key, held while a slot is counted and taken. */
export function computeRateLockKey(schema: string, rateKey: string): string {
    return computeLockKey(['rate', schema, rateKey]);
}

/** A signed 64-bit integer (as decimal text, for a BIGINT parameter) from the parts. */
function computeLockKey(parts: readonly string[]): string {
    // JSON keeps the parts apart: ["a","bc"] and ["ab","c"] hash differently.
    const digest = createHash('sha256')
        .update(JSON.stringify(['userlike-lime-relay', ...parts]))
        .digest();
    return digest.readBigInt64BE(0).toString();
}
