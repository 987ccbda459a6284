import type { DatabaseSync } from 'node:sqlite';
import {
    CONVERSATIONS_COLUMNS,
    DELIVERIES_COLUMNS,
    ERASED_AT_MIGRATION,
    JOB_KIND_MIGRATION,
    JSON_LAST_ERROR_DESCRIPTION,
    legacyErrorReport,
    RATE_SLOTS_COLUMNS,
    REDRIVEN_AT_MIGRATION,
    REFUSED_STATUS_DESCRIPTION,
    UNFINISHED_INDEX_MIGRATION,
    V1_STATUS_CHECK,
    V6_STATUS_CHECK,
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
    /** Run after the statements, in the same transaction: converts stored values. */
    convert?(db: DatabaseSync): void;
}

const table = (name: string): string => name;
const shared = (migration: SharedMigration) => ({
    description: migration.description,
    statements: migration.statements(table),
});

/** `deliveries`' columns after `seq` as of version 6: versions 1, 2, 3 and 5's, with the widened status check. */
const V6_DELIVERIES_COLUMNS = `${DELIVERIES_COLUMNS.replace(`CHECK (${V1_STATUS_CHECK})`, `CHECK (${V6_STATUS_CHECK})`)},
    kind TEXT NOT NULL DEFAULT 'conversation' CHECK (kind IN ('conversation', 'media')),
    parent_id TEXT,
    redriven_at BIGINT,
    erased_at BIGINT`;

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
    {
        version: 6,
        description: REFUSED_STATUS_DESCRIPTION,
        // SQLite cannot change a CHECK constraint: the table is built anew with the new one, its rows,
        // indexes and AUTOINCREMENT sequence carried over (so `seq` is still never reused), in the one
        // transaction migrate() runs.
        statements: [
            `CREATE TABLE deliveries_v6 (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                ${V6_DELIVERIES_COLUMNS}
            )`,
            `INSERT INTO deliveries_v6 (seq, id, tenant, conversation_id, content_hash, payload, status,
                attempts, run_at, lease_token, lease_owner, lease_expires_at, created_at, updated_at,
                last_error, result, checkpoint, kind, parent_id, redriven_at, erased_at)
             SELECT seq, id, tenant, conversation_id, content_hash, payload, status,
                attempts, run_at, lease_token, lease_owner, lease_expires_at, created_at, updated_at,
                last_error, result, checkpoint, kind, parent_id, redriven_at, erased_at
             FROM deliveries`,
            // The sequence goes on from the old table's, also past rows a purge deleted.
            `INSERT INTO sqlite_sequence (name, seq)
             SELECT 'deliveries_v6', seq FROM sqlite_sequence WHERE name = 'deliveries'
               AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'deliveries_v6')`,
            `UPDATE sqlite_sequence
             SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('deliveries', 'deliveries_v6'))
             WHERE name = 'deliveries_v6'`,
            `DROP TABLE deliveries`,
            `ALTER TABLE deliveries_v6 RENAME TO deliveries`,
            `CREATE INDEX deliveries_status_run_at ON deliveries (status, run_at)`,
            `CREATE INDEX deliveries_conversation ON deliveries (tenant, conversation_id, status, seq)`,
            `CREATE INDEX deliveries_status_updated_at ON deliveries (status, updated_at)`,
            `CREATE INDEX deliveries_tenant_seq ON deliveries (tenant, seq)`,
            `CREATE INDEX deliveries_parent ON deliveries (parent_id)`,
            `CREATE INDEX deliveries_unfinished ON deliveries (tenant, conversation_id, seq)
                WHERE status IN ('queued', 'running')`,
        ],
    },
    {
        version: 7,
        description: JSON_LAST_ERROR_DESCRIPTION,
        statements: [],
        convert(db) {
            const rows = db
                .prepare(
                    'SELECT id, status, last_error FROM deliveries WHERE last_error IS NOT NULL'
                )
                .all() as { id: string; status: string; last_error: string }[];
            const update = db.prepare('UPDATE deliveries SET last_error = ? WHERE id = ?');
            for (const row of rows)
                update.run(JSON.stringify(legacyErrorReport(row.last_error, row.status)), row.id);
        },
    },
];
