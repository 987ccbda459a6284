import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/**
 * Test support: the PostgreSQL server the store tests run against, and a throw-away schema per test run.
 * `TEST_DATABASE_URL` overrides the default (this machine's server, trust authentication, database `test`).
 */
export const TEST_DATABASE_URL =
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, unused schema name (the store creates the schema in `migrate()`). */
export function createTestSchemaName(prefix = 'relay_test'): string {
    return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it; harmless when it does not exist. */
export async function dropTestSchema(schema: string): Promise<void> {
    if (!/^relay_test[a-z0-9_]*$/.test(schema)) {
        throw new Error(`Refusing to drop "${schema}": not a test schema`);
    }
    await withTestClient((client) =>
        client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`)
    );
}

/** Runs `work` with a single connection to the test database. */
export async function withTestClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}
