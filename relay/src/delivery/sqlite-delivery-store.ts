import { randomUUID, randomUUIDv7 } from 'node:crypto';
import { fdatasync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
    toConversationState,
    toDelivery,
    toInteger,
    toJsonText,
    type ConversationRow,
    type DeliveryRow,
} from './delivery-row.ts';
import {
    absorbEnqueue,
    initialState,
    insertedRow,
    assertPositiveInteger,
    collectContactConversations,
    DEFAULT_PURGE_BATCH,
    deleteInBatches,
    findContactConversations,
    jobKeyRange,
    planErase,
    resolveListPage,
    toCreatedDelivery,
    toStatusCounts,
    type ContactRow,
    type ErasableRow,
} from './delivery-store-shared.ts';
import {
    DeliveryErasedError,
    type ClaimInput,
    type ConversationUpdate,
    type DeliveryStore,
    type EnqueuedDelivery,
    type EnqueueInput,
    type EraseInput,
    type Lease,
    type ListFilter,
    type RateSlotInput,
    type RedriveFilter,
} from './delivery-store.ts';
import { SCHEMA_MIGRATIONS_COLUMNS } from './shared-migrations.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';

export interface SqliteDeliveryStoreOptions {
    /** Database file; its directory is created if missing. `:memory:` works for a single instance. */
    path: string;
    /**
     * How long a statement waits for another connection's write lock before failing with SQLITE_BUSY.
     * node:sqlite is synchronous, so this wait blocks the event loop; write transactions here are short.
     */
    busyTimeoutMs?: number;
    /** The time used when a method is not given `now` (tests inject a fake clock). */
    clock?: { now(): Date };
    /**
     * Rows `purge` deletes per transaction; between two batches the event loop runs and other connections
     * may write. Default 5,000.
     */
    purgeBatchSize?: number;
    /** Called after each group commit with the number of writes it committed (tests, diagnosis). */
    onGroupCommit?: (writes: number) => void;
}

/** WAL syncs that may run at once (libuv's thread pool has four threads, shared with all file I/O). */
const MAX_RUNNING_SYNCS = 2;

/** A write waiting for the next group commit. */
interface GroupedWrite {
    work: () => unknown;
    resolve(value: unknown): void;
    reject(error: unknown): void;
}

/**
 * Oldest runnable rows that are first in their conversation's line and whose conversation has no live
 * lease. Within one result at most one row per conversation qualifies: of two unfinished rows, the newer
 * always has the older as an unfinished predecessor. ?1 = now, ?2 = limit, `filter` may use ?3 and up.
 */
function selectClaimable(filter: string): string {
    return `SELECT d.id FROM deliveries d
        WHERE ((d.status = 'queued' AND d.run_at <= ?1) OR (d.status = 'running' AND d.lease_expires_at <= ?1))
          ${filter}
          AND NOT EXISTS (SELECT 1 FROM deliveries o
              WHERE o.tenant = d.tenant AND o.conversation_id = d.conversation_id
                AND o.status IN ('queued', 'running') AND o.seq < d.seq)
          AND NOT EXISTS (SELECT 1 FROM deliveries r
              WHERE r.tenant = d.tenant AND r.conversation_id = d.conversation_id
                AND r.status = 'running' AND r.lease_expires_at > ?1 AND r.seq <> d.seq)
        ORDER BY d.seq
        LIMIT ?2`;
}

const SQL = {
    // The conversation's newest unfinished delivery (the one a repeat of it may be absorbed into).
    selectUnfinishedTail: `SELECT * FROM deliveries
        WHERE tenant = ? AND conversation_id = ? AND status IN ('queued', 'running')
        ORDER BY seq DESC LIMIT 1`,
    // No RETURNING: the row is known (insertedRow), and reading a large payload back costs milliseconds.
    insertDelivery: `INSERT INTO deliveries
        (id, tenant, conversation_id, content_hash, payload, status, attempts, run_at, created_at, updated_at, kind, parent_id, result)
        VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
    selectClaimable: selectClaimable(''),
    // The same, for the tenants in a JSON array (ClaimInput.tenants).
    selectClaimableOfTenants: selectClaimable('AND d.tenant IN (SELECT value FROM json_each(?3))'),
    leaseDelivery: `UPDATE deliveries
        SET status = 'running', attempts = attempts + 1, lease_token = ?, lease_owner = ?,
            lease_expires_at = ?, updated_at = ?
        WHERE id = ? RETURNING *`,
    extendLease: `UPDATE deliveries SET lease_expires_at = ?, updated_at = ?
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
    saveCheckpoint: `UPDATE deliveries SET checkpoint = ?, updated_at = ?
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
    completeDelivery: `UPDATE deliveries
        SET status = 'done', result = ?, last_error = NULL, lease_token = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = ?
        WHERE id = ? AND lease_token = ? AND status = 'running'
        RETURNING tenant, conversation_id`,
    upsertConversation: `INSERT INTO conversations (tenant, conversation_id, last_hash, result, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (tenant, conversation_id)
        DO UPDATE SET last_hash = excluded.last_hash, result = excluded.result, updated_at = excluded.updated_at`,
    retryDelivery: `UPDATE deliveries
        SET status = 'queued', run_at = ?, last_error = ?, lease_token = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = ?, attempts = attempts - ?
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
    killDelivery: `UPDATE deliveries
        SET status = 'dead', last_error = ?, lease_token = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = ?
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
    refuseDelivery: `UPDATE deliveries
        SET status = 'refused', last_error = ?, lease_token = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = ?
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
    getDelivery: `SELECT * FROM deliveries WHERE id = ?`,
    redriveOne: `UPDATE deliveries SET status = 'queued', attempts = 0, run_at = ?1, updated_at = ?1,
            redriven_at = ?1
        WHERE id = ?2 AND status = 'dead' AND erased_at IS NULL`,
    redriveAll: `UPDATE deliveries SET status = 'queued', attempts = 0, run_at = ?1, updated_at = ?1,
            redriven_at = ?1
        WHERE status = 'dead' AND erased_at IS NULL`,
    parentErasedAt: `SELECT erased_at FROM deliveries WHERE id = ?`,
    // The contacts of a tenant's stored conversation payloads after a seq, in seq order (erase by contact).
    selectContacts: `SELECT seq, conversation_id,
            CAST(json_extract(payload, '$.contact.id') AS TEXT) AS contact_id,
            json_extract(payload, '$.contact.email') AS contact_email
        FROM deliveries
        WHERE tenant = ? AND kind = 'conversation' AND payload IS NOT NULL AND seq > ?
        ORDER BY seq LIMIT ?`,
    // A conversation's deliveries and its jobs' (keys in [from, to): see jobKeyRange) not yet erased.
    selectErasable: `SELECT id, status, kind, conversation_id FROM deliveries
        WHERE tenant = ? AND erased_at IS NULL
          AND (conversation_id = ? OR (conversation_id >= ? AND conversation_id < ?))
        ORDER BY seq`,
    eraseDelivery: `UPDATE deliveries
        SET payload = NULL, checkpoint = NULL, status = ?, last_error = ?, lease_token = NULL,
            lease_owner = NULL, lease_expires_at = NULL, erased_at = ?, updated_at = ?
        WHERE id = ?`,
    // One batch of the purge (DELETE … LIMIT needs a compile-time option, hence the subquery).
    purgeDeliveries: `DELETE FROM deliveries WHERE seq IN (
        SELECT seq FROM deliveries WHERE status IN ('done', 'dead', 'refused') AND updated_at < ? LIMIT ?)`,
    purgeRateSlots: `DELETE FROM rate_slots WHERE taken_at < ?`,
    getConversation: `SELECT * FROM conversations WHERE tenant = ? AND conversation_id = ?`,
    countByStatus: `SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`,
    countUnfinishedByTenant: `SELECT tenant, COUNT(*) AS n FROM deliveries
        WHERE status IN ('queued', 'running') GROUP BY tenant`,
    expireRateSlots: `DELETE FROM rate_slots WHERE rate_key = ? AND taken_at <= ?`,
    countRateSlots: `SELECT COUNT(*) AS n FROM rate_slots WHERE rate_key = ?`,
    // The slot that has to leave the window before a new request fits (usually the oldest one).
    blockingRateSlot: `SELECT taken_at FROM rate_slots WHERE rate_key = ?
        ORDER BY taken_at LIMIT 1 OFFSET ?`,
    insertRateSlot: `INSERT INTO rate_slots (rate_key, taken_at) VALUES (?, ?)`,
    ping: `SELECT 1 AS ok`,
} as const;

/**
 * Opens the embedded delivery store on a SQLite file (node:sqlite), in WAL mode. A resolved `enqueue`
 * survives a process crash and a power loss. Rate slots go through a second connection without fsync
 * (openRateSlotConnection says why that is safe). Call `migrate()` before use.
 *
 * Group commit: the writes of deliveries (enqueue, claim, extend, checkpoint, complete, retry, kill,
 * refuse, redrive, erase) asked for in one turn of the event loop (the requests that arrived together,
 * the worker's outcomes) are committed in one transaction, and each call resolves only once that
 * transaction is on disk. A write that fails takes the group's transaction with it: the group's writes then run again, each
 * in a transaction of its own, so only that write's caller sees the error.
 *
 * On disk: the journal's connection commits with `synchronous=NORMAL`, which in WAL mode writes a commit
 * to the WAL file without fsync (and still syncs checkpoints and the reuse of the WAL as FULL does); the
 * WAL file is then fdatasync'd on libuv's thread pool (createWalSync), so the event loop takes the next
 * requests while the disk works, and commits made meanwhile share the next sync. A write's caller hears
 * of it only after a sync that began after its commit: the same guarantee as `synchronous=FULL`, whose
 * commit is the write and the sync in one blocking call. Until then another reader (e.g. an admin listing)
 * may already see the commit; the worker does not act on it before, as its claim waits for a later sync.
 */
export function createSqliteDeliveryStore(options: SqliteDeliveryStoreOptions): DeliveryStore {
    const clock = options.clock ?? { now: () => new Date() };
    const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    const purgeBatchSize = options.purgeBatchSize ?? DEFAULT_PURGE_BATCH;
    assertPositiveInteger('purgeBatchSize', purgeBatchSize);
    const db = openDatabase(options.path, busyTimeoutMs);
    // `:memory:` names a new, empty database on every open, so an in-memory store keeps one connection
    // (it has nothing to fsync anyway).
    const rateDb =
        options.path === ':memory:' ? db : openRateSlotConnection(options.path, busyTimeoutMs);
    const walSync = options.path === ':memory:' ? undefined : createWalSync(`${options.path}-wal`);
    const statements = new Map<DatabaseSync, Map<string, StatementSync>>([
        [db, new Map()],
        [rateDb, new Map()],
    ]);
    let closed = false;

    /**
     * Prepared statements are cached per connection (prepared lazily: tables exist only after migrate).
     * `connection` is the journal's connection unless a rate-slot statement names the other one.
     */
    function statement(sql: string, connection: DatabaseSync = db): StatementSync {
        if (closed) {
            throw new Error('Delivery store is closed');
        }
        const cache = statements.get(connection) as Map<string, StatementSync>;
        let prepared = cache.get(sql);
        if (!prepared) {
            prepared = connection.prepare(sql);
            cache.set(sql, prepared);
        }
        return prepared;
    }

    /**
     * Runs `work` in a write transaction on `connection` (the journal's, unless given). BEGIN IMMEDIATE
     * takes the write lock up front, so two connections never both read the same claimable rows, and
     * never deadlock upgrading a read lock. `work` is synchronous: nothing else runs on this thread while
     * the lock is held, so this store's two connections never wait for each other.
     */
    function inWriteTransaction<T>(work: () => T, connection: DatabaseSync = db): T {
        if (closed) {
            throw new Error('Delivery store is closed');
        }
        connection.exec('BEGIN IMMEDIATE');
        try {
            const value = work();
            connection.exec('COMMIT');
            return value;
        } catch (error) {
            if (connection.isTransaction) {
                connection.exec('ROLLBACK');
            }
            throw error;
        }
    }

    /** Writes waiting for the next group commit, in the order they were asked for. */
    let waiting: GroupedWrite[] = [];

    /**
     * Runs `work` (synchronous) in the next group commit, after the writes asked for before it in this
     * turn of the event loop, and resolves with its result once that commit is durable.
     */
    function inGroupCommit<T>(work: () => T): Promise<T> {
        if (closed) {
            return Promise.reject(new Error('Delivery store is closed'));
        }
        return new Promise<T>((resolve, reject) => {
            // setImmediate: after the I/O of this turn, i.e. once every request that arrived with this
            // one has asked for its write.
            if (waiting.length === 0) setImmediate(commitWaiting);
            waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
        });
    }

    function commitWaiting(): void {
        const group = waiting;
        waiting = [];
        if (group.length === 0) {
            return;
        }
        let writeFailed = false;
        let results: unknown[];
        try {
            results = inWriteTransaction(() =>
                group.map((write) => {
                    try {
                        return write.work();
                    } catch (error) {
                        writeFailed = true;
                        throw error;
                    }
                })
            );
        } catch (error) {
            if (!writeFailed || group.length === 1) {
                // BEGIN or COMMIT failed (the database is locked or broken): so would each write alone.
                for (const write of group) write.reject(error);
                return;
            }
            const committed: { write: GroupedWrite; result: unknown }[] = [];
            for (const write of group) {
                try {
                    committed.push({ write, result: inWriteTransaction(write.work) });
                    options.onGroupCommit?.(1);
                } catch (failure) {
                    write.reject(failure);
                }
            }
            answerWhenDurable(committed);
            return;
        }
        options.onGroupCommit?.(group.length);
        answerWhenDurable(group.map((write, index) => ({ write, result: results[index] })));
    }

    /** Resolves committed writes once their commit is on disk (or rejects them when the sync failed). */
    function answerWhenDurable(committed: { write: GroupedWrite; result: unknown }[]): void {
        if (committed.length === 0) return;
        if (!walSync) {
            for (const { write, result } of committed) write.resolve(result);
            return;
        }
        walSync.afterCommit().then(
            () => {
                for (const { write, result } of committed) write.resolve(result);
            },
            (error: unknown) => {
                const failure = new Error(
                    `The delivery journal could not be synced to disk at ${options.path}: ${(error as Error).message}`,
                    { cause: error }
                );
                for (const { write } of committed) write.reject(failure);
            }
        );
    }

    function nowMs(now?: Date): number {
        return (now ?? clock.now()).getTime();
    }

    function changed(sql: string, ...params: (string | number | null)[]): Promise<boolean> {
        return inGroupCommit(() => Number(statement(sql).run(...params).changes) === 1);
    }

    return {
        async migrate() {
            inWriteTransaction(() => {
                db.exec(
                    `CREATE TABLE IF NOT EXISTS schema_migrations (${SCHEMA_MIGRATIONS_COLUMNS})`
                );
                const row = db
                    .prepare('SELECT MAX(version) AS version FROM schema_migrations')
                    .get() as { version: number | null } | undefined;
                const current = row?.version ?? 0;
                for (const migration of SQLITE_MIGRATIONS) {
                    if (migration.version <= current) {
                        continue;
                    }
                    for (const sql of migration.statements) {
                        db.exec(sql);
                    }
                    migration.convert?.(db);
                    db.prepare(
                        'INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)'
                    ).run(migration.version, migration.description, Date.now());
                }
            });
            await walSync?.afterCommit();
        },

        async enqueue(input: EnqueueInput): Promise<EnqueuedDelivery> {
            const now = nowMs(input.now);
            // The write lock (BEGIN IMMEDIATE) makes look-up and insert one step for every connection and
            // process on the file, so two enqueues of one key never both insert. The row is on disk when
            // the promise resolves (inGroupCommit).
            return inGroupCommit(() => {
                if (input.parentId !== undefined) {
                    const parent = statement(SQL.parentErasedAt).get(input.parentId) as
                        Pick<DeliveryRow, 'erased_at'> | undefined;
                    if (parent && parent.erased_at !== null)
                        throw new DeliveryErasedError(input.parentId);
                }
                const tail = statement(SQL.selectUnfinishedTail).get(
                    input.tenant,
                    input.conversationId
                ) as DeliveryRow | undefined;
                const absorbed = absorbEnqueue(tail, input);
                if (absorbed) return absorbed;
                const conversation = input.resultIfUnchanged
                    ? (statement(SQL.getConversation).get(input.tenant, input.conversationId) as
                          ConversationRow | undefined)
                    : undefined;
                const row = insertedRow(input, {
                    id: randomUUIDv7(),
                    now,
                    ...initialState(tail, conversation, input),
                });
                statement(SQL.insertDelivery).run(
                    row.id,
                    row.tenant,
                    row.conversation_id,
                    row.content_hash,
                    row.payload,
                    row.status,
                    now,
                    now,
                    now,
                    row.kind,
                    row.parent_id,
                    row.result
                );
                return toCreatedDelivery(row);
            });
        },

        async claim(input: ClaimInput): Promise<Lease[]> {
            assertPositiveInteger('leaseMs', input.leaseMs);
            assertPositiveInteger('limit', input.limit);
            const now = nowMs(input.now);
            return inGroupCommit(() => {
                const candidates = (input.tenants
                    ? statement(SQL.selectClaimableOfTenants).all(
                          now,
                          input.limit,
                          JSON.stringify(input.tenants)
                      )
                    : statement(SQL.selectClaimable).all(now, input.limit)) as unknown as {
                    id: string;
                }[];
                return candidates.map(({ id }) => {
                    const token = randomUUID();
                    const row = statement(SQL.leaseDelivery).get(
                        token,
                        input.workerId,
                        now + input.leaseMs,
                        now,
                        id
                    ) as DeliveryRow | undefined;
                    if (!row) {
                        throw new Error(
                            `Delivery store: delivery ${id} vanished while being claimed`
                        );
                    }
                    return { delivery: toDelivery(row), token };
                });
            });
        },

        async extend(id, token, leaseMs, now) {
            assertPositiveInteger('leaseMs', leaseMs);
            const at = nowMs(now);
            return changed(SQL.extendLease, at + leaseMs, at, id, token);
        },

        async saveCheckpoint(id, token, checkpoint) {
            return changed(SQL.saveCheckpoint, toJsonText(checkpoint), nowMs(), id, token);
        },

        async complete(id, token, result, conversation?: ConversationUpdate) {
            const now = nowMs();
            return inGroupCommit(() => {
                const done = statement(SQL.completeDelivery).get(
                    toJsonText(result),
                    now,
                    id,
                    token
                ) as Pick<DeliveryRow, 'tenant' | 'conversation_id'> | undefined;
                if (!done) {
                    return false;
                }
                if (conversation) {
                    statement(SQL.upsertConversation).run(
                        done.tenant,
                        done.conversation_id,
                        conversation.lastHash,
                        toJsonText(conversation.result),
                        now
                    );
                }
                return true;
            });
        },

        async retry(id, token, input) {
            return changed(
                SQL.retryDelivery,
                input.runAt.getTime(),
                toJsonText(input.error),
                nowMs(),
                input.refundAttempt ? 1 : 0,
                id,
                token
            );
        },

        async kill(id, token, input) {
            return changed(SQL.killDelivery, toJsonText(input.error), nowMs(), id, token);
        },

        async refuse(id, token, input) {
            return changed(SQL.refuseDelivery, toJsonText(input.error), nowMs(), id, token);
        },

        async get(id) {
            const row = statement(SQL.getDelivery).get(id) as DeliveryRow | undefined;
            return row ? toDelivery(row) : null;
        },

        async list(filter: ListFilter = {}) {
            const { limit, offset } = resolveListPage(filter);
            const conditions: string[] = [];
            const params: (string | number)[] = [];
            if (filter.status !== undefined) {
                conditions.push('status = ?');
                params.push(filter.status);
            }
            if (filter.parentId !== undefined) {
                conditions.push('parent_id = ?');
                params.push(filter.parentId);
            }
            if (filter.tenant !== undefined) {
                conditions.push('tenant = ?');
                params.push(filter.tenant);
            }
            const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
            const rows = statement(
                `SELECT * FROM deliveries ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`
            ).all(...params, limit, offset) as unknown as DeliveryRow[];
            return rows.map(toDelivery);
        },

        async redrive(filter: RedriveFilter) {
            const now = nowMs(filter.now);
            if ('id' in filter && typeof filter.id === 'string') {
                const id = filter.id;
                return inGroupCommit(() => Number(statement(SQL.redriveOne).run(now, id).changes));
            }
            if ('allDead' in filter && filter.allDead === true) {
                return inGroupCommit(() => Number(statement(SQL.redriveAll).run(now).changes));
            }
            throw new TypeError('Delivery store: redrive needs an id or allDead: true');
        },

        async erase(input: EraseInput) {
            const now = nowMs(input.now);
            const { tenant, match } = input;
            const readContacts = (afterSeq: number, limit: number) =>
                statement(SQL.selectContacts).all(
                    tenant,
                    afterSeq,
                    limit
                ) as unknown as ContactRow[];
            // Outside the transaction, batch by batch (node:sqlite is synchronous: one pass over a large
            // journal would block the event loop); the transaction reads what arrived since.
            const found =
                'conversationId' in match
                    ? { conversationIds: new Set([match.conversationId]), lastSeq: Infinity }
                    : await findContactConversations(
                          match,
                          readContacts,
                          () => new Promise((resolve) => setImmediate(resolve))
                      );
            const erased = await inGroupCommit(() => {
                const conversationIds = new Set(found.conversationIds);
                if (Number.isFinite(found.lastSeq))
                    collectContactConversations(
                        readContacts(found.lastSeq, Number.MAX_SAFE_INTEGER),
                        match,
                        conversationIds
                    );
                const rows = [...conversationIds].flatMap((conversationId) => {
                    const { from, to } = jobKeyRange(conversationId);
                    return statement(SQL.selectErasable).all(
                        tenant,
                        conversationId,
                        from,
                        to
                    ) as unknown as ErasableRow[];
                });
                const plan = planErase(rows, input.lastError);
                for (const update of plan.updates)
                    statement(SQL.eraseDelivery).run(
                        update.status,
                        update.lastError,
                        now,
                        now,
                        update.id
                    );
                return plan.result;
            });
            if (erased.deliveries + erased.mediaJobs > 0) {
                // The write-ahead log still holds earlier versions of the erased pages: copy it into the
                // database and empty it now rather than at some later checkpoint. Best effort: while another
                // process reads the journal, the log is emptied at a later checkpoint instead.
                try {
                    db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
                } catch {
                    // The erase is committed; the next checkpoint clears the log.
                }
            }
            return erased;
        },

        async purge(input) {
            const cutoff = input.olderThan.getTime();
            // Batch by batch, each its own transaction, with the event loop let through in between: one
            // transaction over a large backlog would hold the write lock (stalling other processes'
            // enqueues) and this thread (node:sqlite is synchronous) for its whole length.
            const deliveries = await deleteInBatches(
                purgeBatchSize,
                (limit) => Number(statement(SQL.purgeDeliveries).run(cutoff, limit).changes),
                () => new Promise((resolve) => setImmediate(resolve))
            );
            // Bounded: each key keeps at most its limit of slots, the older ones expire as it is used.
            statement(SQL.purgeRateSlots).run(cutoff);
            return { deliveries };
        },

        async getConversation(tenant, conversationId) {
            const row = statement(SQL.getConversation).get(tenant, conversationId) as
                ConversationRow | undefined;
            return row ? toConversationState(row) : null;
        },

        async counts() {
            return toStatusCounts(
                statement(SQL.countByStatus).all() as unknown as { status: string; n: number }[]
            );
        },

        async unfinishedByTenant() {
            const rows = statement(SQL.countUnfinishedByTenant).all() as unknown as {
                tenant: string;
                n: number;
            }[];
            return Object.fromEntries(rows.map(({ tenant, n }) => [tenant, toInteger(n)]));
        },

        async takeRateSlot(key: string, input: RateSlotInput) {
            assertPositiveInteger('limit', input.limit);
            assertPositiveInteger('windowMs', input.windowMs);
            const now = nowMs(input.now);
            // On the rate-slot connection (synchronous=OFF, see openRateSlotConnection): one Lime request
            // must not cost one fsync. BEGIN IMMEDIATE still makes count-and-insert atomic across processes.
            return inWriteTransaction(() => {
                statement(SQL.expireRateSlots, rateDb).run(key, now - input.windowMs);
                const { n } = statement(SQL.countRateSlots, rateDb).get(key) as { n: number };
                const taken = toInteger(n);
                if (taken < input.limit) {
                    statement(SQL.insertRateSlot, rateDb).run(key, now);
                    return 0;
                }
                const blocking = statement(SQL.blockingRateSlot, rateDb).get(
                    key,
                    taken - input.limit
                ) as { taken_at: number };
                // Clamped: a slot stamped in the future by a machine with a skewed clock must not make
                // callers wait longer than one window.
                const waitMs = toInteger(blocking.taken_at) + input.windowMs - now;
                return Math.min(Math.max(waitMs, 1), input.windowMs);
            }, rateDb);
        },

        async ping() {
            statement(SQL.ping).get();
        },

        async close() {
            if (closed) {
                return;
            }
            // Writes asked for before the close still get their commit, and their sync.
            commitWaiting();
            closed = true;
            await walSync?.close();
            statements.clear();
            // The rate-slot connection first: the last connection to close checkpoints the WAL into the
            // database file, and only the journal's connection (synchronous=NORMAL) fsyncs that checkpoint.
            if (rateDb !== db) {
                rateDb.close();
            }
            db.close();
        },
    };
}

function openDatabase(path: string, busyTimeoutMs: number): DatabaseSync {
    let db: DatabaseSync;
    try {
        if (path !== ':memory:') {
            mkdirSync(dirname(path), { recursive: true });
        }
        db = new DatabaseSync(path, { timeout: busyTimeoutMs });
    } catch (error) {
        throw new Error(
            `Cannot open the delivery journal at ${path}: ${(error as Error).message}`,
            { cause: error }
        );
    }
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    switchToWal(db, busyTimeoutMs);
    // NORMAL: in WAL mode a commit is not fsync'd (the store syncs the WAL itself, createWalSync), while
    // checkpoints, and the WAL's reuse after one, are synced as with FULL.
    db.exec('PRAGMA synchronous = NORMAL');
    // Deleted and replaced content (a purged delivery, an erased payload, the old version of an updated
    // row) is overwritten with zeros, not only unlinked: it would otherwise stay readable in the file's
    // free pages until they are reused. Costs extra page writes for large payloads only (docs/privacy.md).
    db.exec('PRAGMA secure_delete = ON');
    return db;
}

/**
 * fdatasync of the journal's WAL file on libuv's thread pool. `afterCommit()` resolves once a sync that
 * began after the call has finished: everything committed before the call is then on disk. A sync starts
 * at once when fewer than `MAX_RUNNING_SYNCS` run (so a commit waits about one sync, not the rest of a
 * running one and then its own); otherwise the calls wait for the next to start, and share it. When a
 * sync finishes, the calls made before every sync that started no later than it are answered too.
 *
 * The WAL file exists from the first transaction on and is not removed while a connection (this store's)
 * is open, so one descriptor serves for the store's life. fdatasync flushes the file whichever descriptor
 * or process wrote to it: it also covers other processes' commits before it, and rate slots.
 */
function createWalSync(walPath: string) {
    let fd: number | undefined;
    /** Syncs under way, oldest first, each with the callers it answers. */
    const running: ((error: Error | null) => void)[][] = [];
    /** The callers waiting for a sync to start. */
    let waiting: ((error: Error | null) => void)[] = [];
    /** Called once no sync runs (close). */
    const whenIdle: (() => void)[] = [];

    function start(): void {
        const batch = waiting;
        waiting = [];
        running.push(batch);
        const finish = (error: Error | null): void => {
            const index = running.indexOf(batch);
            // This sync and those started before it: their callers' commits are on disk now (or, when
            // this sync failed, their outcome is unknown and reported as its error).
            for (const answered of running.splice(0, index + 1)) {
                for (const done of answered) done(error);
            }
            if (waiting.length > 0) start();
            else if (running.length === 0) for (const resolve of whenIdle.splice(0)) resolve();
        };
        try {
            fd ??= openSync(walPath, 'r+');
        } catch (error) {
            finish(error as Error);
            return;
        }
        fdatasync(fd, finish);
    }

    return {
        afterCommit(): Promise<void> {
            return new Promise<void>((resolve, reject) => {
                waiting.push((error) => (error ? reject(error) : resolve()));
                if (running.length < MAX_RUNNING_SYNCS) start();
            });
        },
        /** Waits for the syncs asked for so far, then releases the descriptor. */
        async close(): Promise<void> {
            if (running.length > 0) await new Promise<void>((resolve) => whenIdle.push(resolve));
            if (fd !== undefined) closeSync(fd);
            fd = undefined;
        },
    };
}

/**
 * Puts the file in WAL mode (it stays so). Several processes opening a new file at the same moment may each
 * hold a read lock while asking for the exclusive lock the switch needs; SQLite then answers "database is
 * locked" at once, without waiting through busy_timeout (it would deadlock). So the switch is tried again,
 * after a short pause, until one of them has made it or the busy timeout has passed.
 */
function switchToWal(db: DatabaseSync, busyTimeoutMs: number): void {
    const deadline = Date.now() + busyTimeoutMs;
    for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
        try {
            db.exec('PRAGMA journal_mode = WAL');
            return;
        } catch (error) {
            if (!/database is locked/i.test((error as Error).message) || Date.now() > deadline) {
                throw error;
            }
        }
        // Start-up only, before any work: a synchronous pause keeps openDatabase synchronous.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
}

/**
 * A second connection to the journal's file, used only for rate slots, with `synchronous=OFF`: its
 * commits are not fsync'd, which saves one fsync per Lime request (a first send takes several).
 *
 * The trade-off: a power cut (not a process crash: the OS still holds the written pages) may lose the
 * last rate slots taken before it, so after a restart a few more Lime requests than the limit may be
 * sent in that window, and Lime answers 429 to any excess, which the worker retries. Deliveries are not
 * affected: the sync after their commits (createWalSync) flushes the whole WAL, including any rate-slot
 * frames written before them, so the WAL never holds a durable commit behind a lost one.
 *
 * `wal_autocheckpoint=0`: this connection never checkpoints. A checkpoint copies the WAL into the
 * database file and may let the WAL be overwritten afterwards; done without fsync (as this connection
 * would), a power cut could then lose journal pages that were durable in the WAL. Checkpoints stay with
 * the journal's connection (SQLite's default: after a commit that leaves the WAL over 1,000 pages).
 */
function openRateSlotConnection(path: string, busyTimeoutMs: number): DatabaseSync {
    let db: DatabaseSync;
    try {
        db = new DatabaseSync(path, { timeout: busyTimeoutMs });
    } catch (error) {
        throw new Error(
            `Cannot open the delivery journal at ${path} for rate slots: ${(error as Error).message}`,
            { cause: error }
        );
    }
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    // Already WAL (set by the journal's connection and persistent in the file); set again so this
    // connection never writes a rollback journal even if the file was switched back meanwhile.
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA wal_autocheckpoint = 0');
    db.exec('PRAGMA synchronous = OFF');
    return db;
}
