import { SCHEMA_MIGRATIONS_COLUMNS } from './shared-migrations.ts';

/**
 * The PostgreSQL delivery store's statements for one schema (`s`, already quoted). Parameters are numbered
 * ($1…); times are epoch milliseconds passed in by the caller.
 */
export type PostgresSql = ReturnType<typeof createPostgresSql>;

/**
 * Runnable rows that are first in their conversation's line and whose conversation has no live lease
 * (the same predicate as the SQLite store). $1 = now. Within one snapshot at most one row per conversation
 * qualifies: of two unfinished rows, the newer always has the older as an unfinished predecessor.
 */
function claimablePredicate(s: string): string {
    return `((d.status = 'queued' AND d.run_at <= $1) OR (d.status = 'running' AND d.lease_expires_at <= $1))
          AND NOT EXISTS (SELECT 1 FROM ${s}.deliveries o
              WHERE o.tenant = d.tenant AND o.conversation_id = d.conversation_id
                AND o.status IN ('queued', 'running') AND o.seq < d.seq)
          AND NOT EXISTS (SELECT 1 FROM ${s}.deliveries r
              WHERE r.tenant = d.tenant AND r.conversation_id = d.conversation_id
                AND r.status = 'running' AND r.lease_expires_at > $1 AND r.seq <> d.seq)`;
}

export function createPostgresSql(s: string) {
    return {
        /**
         * Waits for the advisory lock of each key, in the order given (ascending, so that two enqueues of
         * overlapping conversations never wait for each other in a circle). $1 = keys.
         */
        advisoryXactLocks: `SELECT pg_advisory_xact_lock(k)
            FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
        /**
         * The newest unfinished delivery of each of the conversations. $1 = tenants, $2 = conversation ids
         * (same order).
         */
        selectUnfinishedTails: `SELECT DISTINCT ON (tenant, conversation_id) * FROM ${s}.deliveries
            WHERE (tenant, conversation_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
              AND status IN ('queued', 'running')
            ORDER BY tenant, conversation_id, seq DESC`,
        /** The state of each of the conversations that has one. $1 = tenants, $2 = conversation ids. */
        selectConversations: `SELECT * FROM ${s}.conversations
            WHERE (tenant, conversation_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        /**
         * Inserts `rows` deliveries, 10 parameters each: id, tenant, conversation id, content hash, payload,
         * time, kind, parent id, status, result. VALUES rows are inserted, and numbered (`seq`), in order.
         */
        insertDeliveries: (rows: number): string =>
            `INSERT INTO ${s}.deliveries
            (id, tenant, conversation_id, content_hash, payload, status, attempts, run_at, created_at, updated_at,
             kind, parent_id, result)
            VALUES ${Array.from({ length: rows }, (_, row) => {
                const p = (n: number) => `$${row * 10 + n}`;
                return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(9)}, 0, ${p(6)}, ${p(6)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(10)})`;
            }).join(', ')}`,
        /**
         * Candidate conversations for a claim, looked at without locks. $1 = now, $2 = limit, $3 = the
         * tenants to claim for (null: every tenant).
         */
        selectClaimCandidates: `SELECT d.tenant, d.conversation_id FROM ${s}.deliveries d
            WHERE ${claimablePredicate(s)}
              AND ($3::text[] IS NULL OR d.tenant = ANY($3::text[]))
            ORDER BY d.seq
            LIMIT $2`,
        /** Tries each advisory lock; never waits. $1 = keys. */
        tryLocks: `SELECT pg_try_advisory_xact_lock(k) AS locked
            FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
        /**
         * The claim proper, run after the conversations' locks are held (so its snapshot includes every
         * earlier claim of them). Row locks keep a late complete/retry by an expired lease's worker out.
         * $1 = now, $2 = limit, $3/$4 = tenants/conversation ids whose locks this transaction holds.
         */
        selectClaimable: `SELECT d.id FROM ${s}.deliveries d
            WHERE (d.tenant, d.conversation_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))
              AND ${claimablePredicate(s)}
            ORDER BY d.seq
            LIMIT $2
            FOR UPDATE OF d SKIP LOCKED`,
        /** $1 = ids, $2 = tokens (same order), $3 = owner, $4 = lease expiry, $5 = now. */
        leaseDeliveries: `UPDATE ${s}.deliveries AS d
            SET status = 'running', attempts = d.attempts + 1, lease_token = t.token, lease_owner = $3,
                lease_expires_at = $4, updated_at = $5
            FROM unnest($1::text[], $2::text[]) AS t(id, token)
            WHERE d.id = t.id
            RETURNING d.*`,
        extendLease: `UPDATE ${s}.deliveries SET lease_expires_at = $1, updated_at = $2
            WHERE id = $3 AND lease_token = $4 AND status = 'running'`,
        saveCheckpoint: `UPDATE ${s}.deliveries SET checkpoint = $1, updated_at = $2
            WHERE id = $3 AND lease_token = $4 AND status = 'running'`,
        completeDelivery: `UPDATE ${s}.deliveries
            SET status = 'done', result = $1, last_error = NULL, lease_token = NULL, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = $2
            WHERE id = $3 AND lease_token = $4 AND status = 'running'
            RETURNING tenant, conversation_id`,
        upsertConversation: `INSERT INTO ${s}.conversations (tenant, conversation_id, last_hash, result, updated_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant, conversation_id)
            DO UPDATE SET last_hash = excluded.last_hash, result = excluded.result, updated_at = excluded.updated_at`,
        retryDelivery: `UPDATE ${s}.deliveries
            SET status = 'queued', run_at = $1, last_error = $2, lease_token = NULL, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = $3, attempts = attempts - $6
            WHERE id = $4 AND lease_token = $5 AND status = 'running'`,
        killDelivery: `UPDATE ${s}.deliveries
            SET status = 'dead', last_error = $1, lease_token = NULL, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = $2
            WHERE id = $3 AND lease_token = $4 AND status = 'running'`,
        refuseDelivery: `UPDATE ${s}.deliveries
            SET status = 'refused', last_error = $1, lease_token = NULL, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = $2
            WHERE id = $3 AND lease_token = $4 AND status = 'running'`,
        getDelivery: `SELECT * FROM ${s}.deliveries WHERE id = $1`,
        redriveOne: `UPDATE ${s}.deliveries SET status = 'queued', attempts = 0, run_at = $1, updated_at = $1,
                redriven_at = $1
            WHERE id = $2 AND status = 'dead' AND erased_at IS NULL`,
        redriveAll: `UPDATE ${s}.deliveries SET status = 'queued', attempts = 0, run_at = $1, updated_at = $1,
                redriven_at = $1
            WHERE status = 'dead' AND erased_at IS NULL`,
        /**
         * A job's parent, read under a key-share lock: an erase of the parent (FOR UPDATE) waits for the
         * enqueue's commit, or the enqueue for the erase's; the worker's own lease updates do not conflict.
         * $1 = parent id.
         */
        lockParent: `SELECT erased_at FROM ${s}.deliveries WHERE id = $1 FOR KEY SHARE`,
        /**
         * The contacts of a tenant's stored conversation payloads after a seq, in seq order (erase by
         * contact). The batch's rows are chosen first, so only they are parsed (a plan that sorts after
         * projecting would parse every later row for each batch), and each payload once (OFFSET 0 keeps
         * the planner from inlining the parse into both extractions). `json`, not `jsonb`: it only checks
         * the syntax, and takes any text JSON.stringify wrote. $1 = tenant, $2 = after seq, $3 = limit.
         */
        selectContacts: `SELECT b.seq, b.conversation_id, c.contact ->> 'id' AS contact_id,
                c.contact ->> 'email' AS contact_email
            FROM (SELECT seq, conversation_id, payload FROM ${s}.deliveries
                  WHERE tenant = $1 AND kind = 'conversation' AND payload IS NOT NULL AND seq > $2
                  ORDER BY seq LIMIT $3) b,
                LATERAL (SELECT b.payload::json -> 'contact' AS contact OFFSET 0) c
            ORDER BY b.seq`,
        /** Conversations' own deliveries not yet erased, locked. $1 = tenant, $2 = conversation ids. */
        lockErasable: `SELECT id, status, kind, conversation_id FROM ${s}.deliveries
            WHERE tenant = $1 AND erased_at IS NULL AND conversation_id = ANY($2::text[])
            ORDER BY seq FOR UPDATE`,
        /**
         * Their jobs not yet erased, locked: keys in [from, to) in byte order (jobKeyRange), hence "C".
         * $1 = tenant, $2 = froms, $3 = tos.
         */
        lockErasableJobs: `SELECT id, status, kind, conversation_id FROM ${s}.deliveries d
            WHERE tenant = $1 AND erased_at IS NULL
              AND EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS r(lo, hi)
                  WHERE d.conversation_id COLLATE "C" >= r.lo AND d.conversation_id COLLATE "C" < r.hi)
            ORDER BY seq FOR UPDATE`,
        /** $1 = ids, $2 = statuses, $3 = last errors (same order), $4 = now. */
        eraseDeliveries: `UPDATE ${s}.deliveries AS d
            SET payload = NULL, checkpoint = NULL, status = u.status, last_error = u.last_error,
                lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL, erased_at = $4,
                updated_at = $4
            FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, status, last_error)
            WHERE d.id = u.id`,
        /** One batch of the purge. $1 = cutoff, $2 = batch size. */
        purgeDeliveries: `DELETE FROM ${s}.deliveries WHERE seq IN (
            SELECT seq FROM ${s}.deliveries WHERE status IN ('done', 'dead', 'refused') AND updated_at < $1 LIMIT $2)`,
        purgeRateSlots: `DELETE FROM ${s}.rate_slots WHERE taken_at < $1`,
        getConversation: `SELECT * FROM ${s}.conversations WHERE tenant = $1 AND conversation_id = $2`,
        countByStatus: `SELECT status, COUNT(*) AS n FROM ${s}.deliveries GROUP BY status`,
        countUnfinishedByTenant: `SELECT tenant, COUNT(*) AS n FROM ${s}.deliveries
            WHERE status IN ('queued', 'running') GROUP BY tenant`,
        expireRateSlots: `DELETE FROM ${s}.rate_slots WHERE rate_key = $1 AND taken_at <= $2`,
        countRateSlots: `SELECT COUNT(*) AS n FROM ${s}.rate_slots WHERE rate_key = $1`,
        // The slot that has to leave the window before a new request fits (usually the oldest one).
        blockingRateSlot: `SELECT taken_at FROM ${s}.rate_slots WHERE rate_key = $1
            ORDER BY taken_at LIMIT 1 OFFSET $2`,
        insertRateSlot: `INSERT INTO ${s}.rate_slots (rate_key, taken_at) VALUES ($1, $2)`,
        /** $1 = limit, $2 = offset, $3 = status, $4 = tenant, $5 = parent id (each null for any). */
        listDeliveries: `SELECT * FROM ${s}.deliveries
            WHERE ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR tenant = $4)
              AND ($5::text IS NULL OR parent_id = $5)
            ORDER BY seq DESC LIMIT $1 OFFSET $2`,
        // Migrations.
        schemaExists: `SELECT 1 FROM pg_namespace WHERE nspname = $1`,
        createSchema: `CREATE SCHEMA ${s}`,
        createMigrationsTable: `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (${SCHEMA_MIGRATIONS_COLUMNS})`,
        currentVersion: `SELECT MAX(version) AS version FROM ${s}.schema_migrations`,
        recordMigration: `INSERT INTO ${s}.schema_migrations (version, description, applied_at)
            VALUES ($1, $2, $3)`,
        advisoryXactLock: `SELECT pg_advisory_xact_lock($1::bigint)`,
        /**
         * The rate-slot transaction's first statement: `SET LOCAL synchronous_commit = off` (set_config
         * with is_local = true is the same, and can share one round trip with the key's advisory lock).
         */
        lockRateKeyWithoutFlush: `SELECT set_config('synchronous_commit', 'off', true),
            pg_advisory_xact_lock($1::bigint)`,
        ping: `SELECT 1 AS ok`,
    } as const;
}
