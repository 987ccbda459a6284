/**
 * The delivery journal's schema on PostgreSQL, as ordered migrations. The columns are those of the SQLite
 * store (sqlite-migrations.ts), so `delivery-row.ts` converts rows of both: times are epoch milliseconds in
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

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
    {
        version: 1,
        description: 'deliveries, conversations, rate_slots',
        statements: (s) => [
            `CREATE TABLE ${s}.deliveries (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
            `CREATE INDEX deliveries_status_run_at ON ${s}.deliveries (status, run_at)`,
            // claim's FIFO predicate: unfinished rows of one conversation.
            `CREATE INDEX deliveries_conversation ON ${s}.deliveries (tenant, conversation_id, status, seq)`,
            // purge: final rows by age.
            `CREATE INDEX deliveries_status_updated_at ON ${s}.deliveries (status, updated_at)`,
            // list by tenant, newest first.
            `CREATE INDEX deliveries_tenant_seq ON ${s}.deliveries (tenant, seq)`,
            `CREATE TABLE ${s}.conversations (
                tenant TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                last_hash TEXT,
                result TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (tenant, conversation_id)
            )`,
            `CREATE TABLE ${s}.rate_slots (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                rate_key TEXT NOT NULL,
                taken_at BIGINT NOT NULL
            )`,
            `CREATE INDEX rate_slots_key_taken_at ON ${s}.rate_slots (rate_key, taken_at)`,
        ],
    },
    {
        version: 2,
        description: 'job kind and parent (media jobs queued by a delivery)',
        statements: (s) => [
            `ALTER TABLE ${s}.deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'conversation' CHECK (kind IN ('conversation', 'media'))`,
            `ALTER TABLE ${s}.deliveries ADD COLUMN parent_id TEXT`,
            `CREATE INDEX deliveries_parent ON ${s}.deliveries (parent_id)`,
        ],
    },
    {
        version: 3,
        description: 'redrive time (the age cap of a redriven delivery counts from it)',
        statements: (s) => [`ALTER TABLE ${s}.deliveries ADD COLUMN redriven_at BIGINT`],
    },
];
