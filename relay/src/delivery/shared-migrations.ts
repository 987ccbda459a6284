import type { ErrorReport } from '../errors.ts';

/**
 * The journal's DDL that is the same text on SQLite and PostgreSQL, used by both migration lists
 * (sqlite-migrations.ts, postgres-migrations.ts), and the conversion of stored values both run. Each list still spells out its own statements where the
 * databases differ: the `seq` column of the CREATE TABLE statements, and PostgreSQL's schema-qualified
 * table names (`table` below: the name as the statement must write it).
 *
 * A released version's statements never change: a database that applied them never runs them again, so
 * every schema change is a new version (in both lists, with the same number).
 */

type TableName = (table: 'deliveries' | 'rate_slots') => string;

/** `schema_migrations`' columns: the versions applied, each once. */
export const SCHEMA_MIGRATIONS_COLUMNS = `version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at BIGINT NOT NULL`;

/** Version 1: the statuses `deliveries.status` may hold (until version 6). */
export const V1_STATUS_CHECK = `status IN ('queued', 'running', 'done', 'dead')`;

/** Version 1: `deliveries`' columns after `seq`. */
export const DELIVERIES_COLUMNS = `id TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    payload TEXT,
    status TEXT NOT NULL CHECK (${V1_STATUS_CHECK}),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at BIGINT NOT NULL,
    lease_token TEXT,
    lease_owner TEXT,
    lease_expires_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_error TEXT,
    result TEXT,
    checkpoint TEXT`;

/** Version 1: `conversations`' columns (no `seq`). */
export const CONVERSATIONS_COLUMNS = `tenant TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    last_hash TEXT,
    result TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, conversation_id)`;

/** Version 1: `rate_slots`' columns after `seq`. */
export const RATE_SLOTS_COLUMNS = `rate_key TEXT NOT NULL,
    taken_at BIGINT NOT NULL`;

export const V1_DESCRIPTION = 'deliveries, conversations, rate_slots';

/** Version 1's indexes. */
export function v1Indexes(table: TableName): string[] {
    return [
        // claim: runnable rows in arrival order.
        `CREATE INDEX deliveries_status_run_at ON ${table('deliveries')} (status, run_at)`,
        // claim's FIFO predicate: unfinished rows of one conversation.
        `CREATE INDEX deliveries_conversation ON ${table('deliveries')} (tenant, conversation_id, status, seq)`,
        // purge: final rows by age.
        `CREATE INDEX deliveries_status_updated_at ON ${table('deliveries')} (status, updated_at)`,
        // list by tenant, newest first.
        `CREATE INDEX deliveries_tenant_seq ON ${table('deliveries')} (tenant, seq)`,
        `CREATE INDEX rate_slots_key_taken_at ON ${table('rate_slots')} (rate_key, taken_at)`,
    ];
}

/** A migration whose statements are the same on both databases, apart from how tables are named. */
export interface SharedMigration {
    description: string;
    statements(table: TableName): string[];
}

/** Version 2. */
export const JOB_KIND_MIGRATION: SharedMigration = {
    description: 'job kind and parent (media jobs queued by a delivery)',
    statements: (table) => [
        `ALTER TABLE ${table('deliveries')} ADD COLUMN kind TEXT NOT NULL DEFAULT 'conversation' CHECK (kind IN ('conversation', 'media'))`,
        `ALTER TABLE ${table('deliveries')} ADD COLUMN parent_id TEXT`,
        `CREATE INDEX deliveries_parent ON ${table('deliveries')} (parent_id)`,
    ],
};

/** Version 3. */
export const REDRIVEN_AT_MIGRATION: SharedMigration = {
    description: 'redrive time (the age cap of a redriven delivery counts from it)',
    statements: (table) => [`ALTER TABLE ${table('deliveries')} ADD COLUMN redriven_at BIGINT`],
};

/** Version 4. */
export const UNFINISHED_INDEX_MIGRATION: SharedMigration = {
    description: 'unfinished deliveries by conversation (idempotent enqueue, FIFO claims)',
    statements: (table) => [
        // enqueue's look-up of a conversation's newest unfinished delivery, and claim's check for an older
        // unfinished one: both read only unfinished rows, which this index holds alone (finished rows stay
        // for the retention period and soon outnumber them).
        `CREATE INDEX IF NOT EXISTS deliveries_unfinished ON ${table('deliveries')} (tenant, conversation_id, seq)
            WHERE status IN ('queued', 'running')`,
    ],
};

/** Version 5. */
export const ERASED_AT_MIGRATION: SharedMigration = {
    description: 'erase time (personal data erased on request; never runs again)',
    statements: (table) => [`ALTER TABLE ${table('deliveries')} ADD COLUMN erased_at BIGINT`],
};

/** Version 6: what it does differs by database (a CHECK constraint cannot be altered in SQLite). */
export const REFUSED_STATUS_DESCRIPTION =
    'refused status (conversations answered 422, kept apart from dead ones)';

/** Version 6: the statuses `deliveries.status` may hold from then on. */
export const V6_STATUS_CHECK = `status IN ('queued', 'running', 'done', 'dead', 'refused')`;

/** Version 7: `deliveries.last_error` holds the report of errors.ts as JSON; text rows are converted. */
export const JSON_LAST_ERROR_DESCRIPTION =
    "last error as JSON (the relay's status, code and message, Lime's answer)";

/** `<why it gave up>; last error: <status> <code>: <message>`, each part but the message optional. */
const LEGACY_ERROR =
    /^(?:(gave up after [^;]*); (?:last error: )?)?(?:(\d{3}) ([a-z_]+): )?([\s\S]*)$/;

/**
 * Version 7 reads each last error the versions before it wrote as text into the report it would be now
 * (errors.ts, ErrorReport), as far as the text tells: `<status> <code>: <message>`, possibly behind the
 * worker's `gave up after …; last error: ` (its `gaveUp`). Text without a status and code (the worker's own
 * notes) becomes a 500 `internal_error` with the text as its message. Whether a retry can help is read from
 * the row: a delivery still queued or running, or one the worker gave up on, was being retried; a dead or
 * refused one without `gaveUp` was not. Lime's status and message are not recovered (they are in the
 * message, as words).
 */
export function legacyErrorReport(text: string, deliveryStatus: string): ErrorReport {
    const [, gaveUp, status, code, message] = LEGACY_ERROR.exec(text) as RegExpExecArray;
    return {
        status: status ? Number(status) : 500,
        code: code ?? 'internal_error',
        message: message ?? text,
        retryable:
            gaveUp !== undefined || deliveryStatus === 'queued' || deliveryStatus === 'running',
        ...(gaveUp ? { gaveUp } : {}),
    };
}

/** Version 7 converts the last errors of this many deliveries per statement. */
export const LEGACY_ERROR_BATCH = 1_000;
