import type { DeliveryStore } from './delivery-store.ts';
import { createPostgresDeliveryStore } from './postgres-delivery-store.ts';
import { describePostgresLocation, isPostgresUrl, parsePostgresUrl } from './postgres-url.ts';
import { createSqliteDeliveryStore } from './sqlite-delivery-store.ts';

/**
 * Opens the delivery store named by the configuration's `delivery.store`: a `postgres://` or
 * `postgresql://` URL opens the PostgreSQL store (several relay instances may share it; `?schema=name`
 * selects the schema, default `public`), anything else is the path of the embedded SQLite file (one
 * instance). Call `migrate()` before use.
 */
export function createDeliveryStore(
    location: string,
    options: { clock?: { now(): Date } } = {}
): DeliveryStore {
    if (isPostgresUrl(location)) {
        const { connectionString, schema } = parsePostgresUrl(location);
        return createPostgresDeliveryStore({ connectionString, schema, clock: options.clock });
    }
    return createSqliteDeliveryStore({ path: location, clock: options.clock });
}

/** The store location as it may be logged: a PostgreSQL URL without its password, a SQLite path as is. */
export function describeDeliveryStoreLocation(location: string): string {
    if (!isPostgresUrl(location)) return location;
    const { schema } = parsePostgresUrlSafely(location);
    const base = describePostgresLocation(location);
    return schema ? `${base} (schema ${schema})` : base;
}

function parsePostgresUrlSafely(location: string): { schema?: string } {
    try {
        return parsePostgresUrl(location);
    } catch {
        return {};
    }
}
