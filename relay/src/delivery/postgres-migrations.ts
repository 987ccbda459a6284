import type { ClientBase } from 'pg';
import {
    CONVERSATIONS_COLUMNS,
    DELIVERIES_COLUMNS,
    ERASED_AT_MIGRATION,
    JOB_KIND_MIGRATION,
    JSON_LAST_ERROR_DESCRIPTION,
    LEGACY_ERROR_BATCH,
    legacyErrorReport,
    RATE_SLOTS_COLUMNS,
    REDRIVEN_AT_MIGRATION,
    REFUSED_STATUS_DESCRIPTION,
    UNFINISHED_INDEX_MIGRATION,
    V6_STATUS_CHECK,
    V1_DESCRIPTION,
    v1Indexes,
    type SharedMigration,
} from './shared-migrations.ts';

/**
 * The delivery journal's schema on PostgreSQL, as ordered migrations. The columns are those of the SQLite
 * store (shared-migrations.ts), so `delivery-row.ts` converts rows of both: times are epoch milliseconds in
 * BIGINT (taken from the relay's clock, never the database's `now()`), JSON is TEXT, statuses are checked
 * with CHECK constraints. Only `seq` differs: an identity column (PostgreSQL ≥ 10), never reused after a
 * purge, that gives the arrival order per-conversation FIFO relies on.
 *
 * Every statement takes the already quoted schema name, so the tables can live in any schema.
 */
export interface PostgresMigration {
    version: number;
    description: string;
    statements(schema: string): readonly string[];
    /** Run after the statements, in the same transaction: converts stored values. */
    convert?(client: ClientBase, schema: string): Promise<void>;
}

const shared = (migration: SharedMigration) => ({
    description: migration.description,
    statements: (s: string) => migration.statements((name) => `${s}.${name}`),
});

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
    {
        version: 1,
        description: V1_DESCRIPTION,
        statements: (s) => [
            `CREATE TABLE ${s}.deliveries (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                ${DELIVERIES_COLUMNS}
            )`,
            `CREATE TABLE ${s}.conversations (${CONVERSATIONS_COLUMNS})`,
            `CREATE TABLE ${s}.rate_slots (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                ${RATE_SLOTS_COLUMNS}
            )`,
            ...v1Indexes((name) => `${s}.${name}`),
        ],
    },
    { version: 2, ...shared(JOB_KIND_MIGRATION) },
    { version: 3, ...shared(REDRIVEN_AT_MIGRATION) },
    { version: 4, ...shared(UNFINISHED_INDEX_MIGRATION) },
    { version: 5, ...shared(ERASED_AT_MIGRATION) },
    {
        version: 6,
        description: REFUSED_STATUS_DESCRIPTION,
        // PostgreSQL named version 1's column constraint deliveries_status_check.
        statements: (s) => [
            `ALTER TABLE ${s}.deliveries DROP CONSTRAINT deliveries_status_check`,
            `ALTER TABLE ${s}.deliveries ADD CONSTRAINT deliveries_status_check CHECK (${V6_STATUS_CHECK})`,
        ],
    },
    {
        version: 7,
        description: JSON_LAST_ERROR_DESCRIPTION,
        statements: () => [],
        async convert(client, s) {
            const { rows } = await client.query<{ id: string; status: string; last_error: string }>(
                `SELECT id, status, last_error FROM ${s}.deliveries WHERE last_error IS NOT NULL`
            );
            for (let start = 0; start < rows.length; start += LEGACY_ERROR_BATCH) {
                const batch = rows.slice(start, start + LEGACY_ERROR_BATCH);
                await client.query(
                    `UPDATE ${s}.deliveries AS d SET last_error = u.last_error
                     FROM unnest($1::text[], $2::text[]) AS u(id, last_error) WHERE d.id = u.id`,
                    [
                        batch.map((row) => row.id),
                        batch.map((row) =>
                            JSON.stringify(legacyErrorReport(row.last_error, row.status))
                        ),
                    ]
                );
            }
        },
    },
];
