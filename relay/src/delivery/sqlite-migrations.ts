/**
 * The delivery journal's schema, as ordered migrations. Applied by `migrate()` in one `BEGIN IMMEDIATE`
 * transaction, so concurrent callers serialise and each version is applied once.
 *
 * Portability: apart from the `seq` column (SQLite `INTEGER PRIMARY KEY AUTOINCREMENT`; on PostgreSQL
 * `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`), the DDL is plain SQL that PostgreSQL accepts as is:
 * times are epoch milliseconds in BIGINT, JSON is TEXT, statuses are checked with CHECK constraints.
 * `seq` gives the arrival order that per-conversation FIFO relies on; AUTOINCREMENT keeps it from ever
 * being reused after a purge.
 */
export interface Migration {
    version: number;
    description: string;
    statements: readonly string[];
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        description: 'deliveries, conversations, rate_slots',
        statements: [
            `CREATE TABLE deliveries (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                tenant TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                payload TEXT,
                status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                run_at BIGINT NOT NULL,
                lease_token TEXT,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                last_error TEXT,
                result TEXT,
                checkpoint TEXT
            )`,
            // claim: runnable rows in arrival order.
            `CREATE INDEX deliveries_status_run_at ON deliveries (status, run_at)`,
            // claim's FIFO predicate: unfinished rows of one conversation.
            `CREATE INDEX deliveries_conversation ON deliveries (tenant, conversation_id, status, seq)`,
            // purge: final rows by age.
            `CREATE INDEX deliveries_status_updated_at ON deliveries (status, updated_at)`,
            // list by tenant, newest first.
            `CREATE INDEX deliveries_tenant_seq ON deliveries (tenant, seq)`,
            `CREATE TABLE conversations (
                tenant TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                last_hash TEXT,
                result TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (tenant, conversation_id)
            )`,
            `CREATE TABLE rate_slots (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                rate_key TEXT NOT NULL,
                taken_at BIGINT NOT NULL
            )`,
            `CREATE INDEX rate_slots_key_taken_at ON rate_slots (rate_key, taken_at)`,
        ],
    },
    {
        version: 2,
        description: 'job kind and parent (media jobs queued by a delivery)',
        statements: [
            `ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'conversation' CHECK (kind IN ('conversation', 'media'))`,
            `ALTER TABLE deliveries ADD COLUMN parent_id TEXT`,
            `CREATE INDEX deliveries_parent ON deliveries (parent_id)`,
        ],
    },
    {
        version: 3,
        description: 'redrive time (the age cap of a redriven delivery counts from it)',
        statements: [`ALTER TABLE deliveries ADD COLUMN redriven_at BIGINT`],
    },
];
