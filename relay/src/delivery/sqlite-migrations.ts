import {
    CONVERSATIONS_COLUMNS,
    DELIVERIES_COLUMNS,
    ERASED_AT_MIGRATION,
    JOB_KIND_MIGRATION,
    RATE_SLOTS_COLUMNS,
    REDRIVEN_AT_MIGRATION,
    UNFINISHED_INDEX_MIGRATION,
    V1_DESCRIPTION,
    v1Indexes,
    type SharedMigration,
} from './shared-migrations.ts';

/**
 * The delivery journal's schema, as ordered migrations. Applied by `migrate()` in one `BEGIN IMMEDIATE`
 * transaction, so concurrent callers (also other processes on the same file) serialise and each version is
 * applied once.
 *
 * The columns are PostgreSQL's too (shared-migrations.ts): times are epoch milliseconds in BIGINT, JSON is
 * TEXT, statuses are checked with CHECK constraints. Only `seq` is SQLite's own: `INTEGER PRIMARY KEY
 * AUTOINCREMENT`, the arrival order per-conversation FIFO relies on, never reused after a purge.
 */
export interface Migration {
    version: number;
    description: string;
    statements: readonly string[];
}

const table = (name: string): string => name;
const shared = (migration: SharedMigration) => ({
    description: migration.description,
    statements: migration.statements(table),
});

export const SQLITE_MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        description: V1_DESCRIPTION,
        statements: [
            `CREATE TABLE deliveries (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                ${DELIVERIES_COLUMNS}
            )`,
            `CREATE TABLE conversations (${CONVERSATIONS_COLUMNS})`,
            `CREATE TABLE rate_slots (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                ${RATE_SLOTS_COLUMNS}
            )`,
            ...v1Indexes(table),
        ],
    },
    { version: 2, ...shared(JOB_KIND_MIGRATION) },
    { version: 3, ...shared(REDRIVEN_AT_MIGRATION) },
    { version: 4, ...shared(UNFINISHED_INDEX_MIGRATION) },
    { version: 5, ...shared(ERASED_AT_MIGRATION) },
];
