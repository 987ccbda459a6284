import {
    CONVERSATIONS_COLUMNS,
    DELIVERIES_COLUMNS,
    ERASED_AT_MIGRATION,
    JOB_KIND_MIGRATION,
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
];
