import { randomUUID, randomUUIDv7 } from 'node:crypto';
import { Client, escapeIdentifier, Pool, type PoolClient, type QueryResultRow } from 'pg';
import {
    toConversationState,
    toDelivery,
    toInteger,
    toJsonText,
    type ConversationRow,
    type DeliveryRow,
    type InsertedRow,
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
import {
    computeConversationLockKey,
    computeMigrationLockKey,
    computeRateLockKey,
} from './postgres-lock-keys.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { createPostgresSql } from './postgres-sql.ts';
import { describePostgresLocation } from './postgres-url.ts';

export interface PostgresDeliveryStoreOptions {
    /** `postgres://user:password@host:port/database`; never logged or put in error messages as is. */
    connectionString: string;
    /**
     * The schema that holds the store's tables, created by `migrate()` when missing. Default `public`.
     * Lower-case letters, digits and `_`, starting with a letter or `_` (at most 63 characters).
     */
    schema?: string;
    /** Connections per store instance (each relay process has one). Default 10. */
    poolSize?: number;
    /**
     * A statement that has no answer after this long fails (on the server and, when the connection itself
     * went silent, in the client), so a lost database never stalls the worker or its SIGTERM drain. A
     * session idle inside a transaction for twice this long is ended by the server, releasing its locks.
     * Default 30 s.
     */
    queryTimeoutMs?: number;
    /** The time used when a method is not given `now` (tests inject a fake clock). */
    clock?: { now(): Date };
    /** Rows `purge` deletes per statement, so a large backlog never meets the statement timeout. Default 5,000. */
    purgeBatchSize?: number;
    /**
     * Called when an idle pooled connection fails (the server restarted, the network dropped). The pool
     * replaces the connection by itself; without a handler the error would crash the process. Default: a
     * one-line warning on stderr.
     */
    onConnectionError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the delivery store on PostgreSQL (node-postgres pool), for several relay instances on one database.
 * Call `migrate()` before use.
 *
 * Per-conversation FIFO across instances rests on a transaction-scoped advisory lock per
 * (tenant, conversation), taken by `enqueue` (so a conversation's `seq` numbers commit in order) and by
 * `claim` (so claims of one conversation are serialised and each sees the one before it, which
 * `FOR UPDATE SKIP LOCKED` alone does not guarantee when a redriven delivery and an expired lease meet).
 * Commits are durable with PostgreSQL's default `synchronous_commit = on`, except rate slots'
 * (`takeRateSlot`), which commit with `synchronous_commit = off`.
 */
export function createPostgresDeliveryStore(options: PostgresDeliveryStoreOptions): DeliveryStore {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
        throw new TypeError(
            `Delivery store: the PostgreSQL schema name "${schema}" is not allowed; use lower-case letters, digits and _ (starting with a letter or _, at most 63 characters).`
        );
    }
    const poolSize = options.poolSize ?? 10;
    assertPositiveInteger('poolSize', poolSize);
    const queryTimeoutMs = options.queryTimeoutMs ?? 30_000;
    assertPositiveInteger('queryTimeoutMs', queryTimeoutMs);
    const purgeBatchSize = options.purgeBatchSize ?? DEFAULT_PURGE_BATCH;
    assertPositiveInteger('purgeBatchSize', purgeBatchSize);
    const location = `${describePostgresLocation(options.connectionString)} (schema ${schema})`;
    const clock = options.clock ?? { now: () => new Date() };
    const sql = createPostgresSql(escapeIdentifier(schema));
    const connection = {
        connectionString: options.connectionString,
        application_name: 'userlike-lime-relay',
        // A database that cannot be reached should fail a request (and readiness) in seconds, not hang it.
        connectionTimeoutMillis: 10_000,
        keepAlive: true,
    };
    const pool = new Pool({
        ...connection,
        max: poolSize,
        statement_timeout: queryTimeoutMs,
        // A bit later than the server's own timeout: this one catches a connection that went silent.
        query_timeout: queryTimeoutMs + 1_000,
        idle_in_transaction_session_timeout: 2 * queryTimeoutMs,
    });
    const onConnectionError =
        options.onConnectionError ??
        ((error: Error) =>
            console.warn(
                `Delivery store: an idle PostgreSQL connection to ${location} failed and is replaced: ${error.message}`
            ));
    pool.on('error', onConnectionError);
    let closed = false;

    function assertOpen(): void {
        if (closed) {
            throw new Error('Delivery store is closed');
        }
    }

    async function query<Row extends QueryResultRow>(
        text: string,
        params: unknown[] = [],
        client: Pool | PoolClient | Client = pool
    ) {
        assertOpen();
        return client.query<Row>(text, params);
    }

    /**
     * Runs `work` in one transaction on one pooled connection (or on `own`, a connection of its own); rolls
     * back when it throws.
     */
    async function inTransaction<T>(
        work: (client: PoolClient | Client) => Promise<T>,
        own?: Client
    ): Promise<T> {
        assertOpen();
        const client = own ?? (await pool.connect());
        let broken = false;
        try {
            await client.query('BEGIN');
            const value = await work(client);
            await client.query('COMMIT');
            return value;
        } catch (error) {
            try {
                await client.query('ROLLBACK');
            } catch {
                // The connection itself failed: do not hand it out again.
                broken = true;
            }
            throw error;
        } finally {
            if (!own) (client as PoolClient).release(broken);
        }
    }

    /** Enqueues asked for while a group was being committed: the next group. */
    const waitingEnqueues: WaitingEnqueue[] = [];
    /** The group being committed, if any. */
    let enqueuing: Promise<void> | undefined;

    /**
     * Group commit: commits the waiting enqueues as one group, then the enqueues asked for meanwhile as the
     * next, until none wait. One group at a time, so the groups commit in the order they were asked for.
     * When a group fails, its enqueues run again one by one, so only the one that fails sees the error.
     */
    function enqueueWaiting(): void {
        enqueuing = (async () => {
            // The requests that arrived with the first one ask for their enqueue in this turn.
            await new Promise((resolve) => setImmediate(resolve));
            try {
                while (waitingEnqueues.length > 0) {
                    await commitGroup(waitingEnqueues.splice(0, nextGroupSize(waitingEnqueues)));
                }
            } finally {
                // In the same step as the last look at the waiting list: an enqueue asked for from now on
                // starts the next round.
                enqueuing = undefined;
            }
        })();
    }

    async function commitGroup(group: WaitingEnqueue[]): Promise<void> {
        try {
            const results = await enqueueGroup(group);
            group.forEach((waiting, index) => waiting.resolve(results[index] as EnqueuedDelivery));
        } catch (error) {
            if (group.length === 1) {
                group[0]?.reject(error);
                return;
            }
            for (const waiting of group) {
                try {
                    const [delivery] = await enqueueGroup([waiting]);
                    waiting.resolve(delivery as EnqueuedDelivery);
                } catch (failure) {
                    waiting.reject(failure);
                }
            }
        }
    }

    /**
     * Journals a group of enqueues in one transaction, in their order, with the semantics of `enqueue` for
     * each (as if each ran after the one before it had committed).
     */
    function enqueueGroup(group: readonly WaitingEnqueue[]): Promise<EnqueuedDelivery[]> {
        return inTransaction(async (client) => {
            const conversations = new Map<string, { tenant: string; conversationId: string }>();
            for (const { input } of group) {
                conversations.set(conversationKey(input.tenant, input.conversationId), {
                    tenant: input.tenant,
                    conversationId: input.conversationId,
                });
            }
            const tenants = [...conversations.values()].map((c) => c.tenant);
            const conversationIds = [...conversations.values()].map((c) => c.conversationId);
            // Held until commit: the next enqueue of these conversations draws its seq after this group is
            // visible, so a claimer never sees a later delivery of a conversation without the earlier; and
            // it reads their newest unfinished deliveries only after this group committed, so two enqueues
            // of one key (on any instances) never both insert.
            await client.query(sql.advisoryXactLocks, [
                [...conversations.values()]
                    .map((c) =>
                        BigInt(computeConversationLockKey(schema, c.tenant, c.conversationId))
                    )
                    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
                    .map(String),
            ]);
            // A job (a group of its own, nextGroupSize): its parent, read under a key-share lock, so that an
            // erase of the parent (FOR UPDATE) waits for this commit, or this enqueue for the erase's.
            const { parentId } = group[0]!.input;
            if (parentId !== undefined) {
                const parent = await client.query<Pick<DeliveryRow, 'erased_at'>>(sql.lockParent, [
                    parentId,
                ]);
                if (parent.rows[0] && parent.rows[0].erased_at !== null)
                    throw new DeliveryErasedError(parentId);
            }
            const byConversation = <Row extends { tenant: string; conversation_id: string }>(
                rows: readonly Row[]
            ) =>
                new Map(rows.map((row) => [conversationKey(row.tenant, row.conversation_id), row]));
            const tails = byConversation<InsertedRow>(
                (
                    await client.query<DeliveryRow>(sql.selectUnfinishedTails, [
                        tenants,
                        conversationIds,
                    ])
                ).rows
            );
            const states = group.some(({ input }) => input.resultIfUnchanged)
                ? byConversation(
                      (
                          await client.query<ConversationRow>(sql.selectConversations, [
                              tenants,
                              conversationIds,
                          ])
                      ).rows
                  )
                : new Map<string, ConversationRow>();
            const inserted: InsertedRow[] = [];
            const results = group.map(({ input, now }) => {
                const key = conversationKey(input.tenant, input.conversationId);
                const tail = tails.get(key);
                const absorbed = absorbEnqueue(tail, input);
                if (absorbed) return absorbed;
                const row = insertedRow(input, {
                    id: randomUUIDv7(),
                    now,
                    ...initialState(tail, states.get(key), input),
                });
                inserted.push(row);
                // The next enqueue of this conversation in the group finds it as its newest unfinished.
                if (row.status === 'queued') tails.set(key, row);
                return toCreatedDelivery(row);
            });
            if (inserted.length > 0) {
                await client.query(
                    sql.insertDeliveries(inserted.length),
                    inserted.flatMap((row) => [
                        row.id,
                        row.tenant,
                        row.conversation_id,
                        row.content_hash,
                        row.payload,
                        row.created_at,
                        row.kind,
                        row.parent_id,
                        row.status,
                        row.result,
                    ])
                );
            }
            return results;
        });
    }

    function nowMs(now?: Date): number {
        return (now ?? clock.now()).getTime();
    }

    async function changed(text: string, params: unknown[]): Promise<boolean> {
        return (await query(text, params)).rowCount === 1;
    }

    return {
        async migrate() {
            try {
                // A connection of its own, without the pool's statement timeout: waiting for another
                // instance's migration, or a migration on a large table, may take longer.
                assertOpen();
                const own = new Client(connection);
                own.on('error', onConnectionError);
                try {
                    await own.connect();
                    await inTransaction(async (client) => {
                        // Serialises concurrent starts: the second instance waits, then finds nothing to do.
                        await client.query(sql.advisoryXactLock, [computeMigrationLockKey(schema)]);
                        // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE right even when the
                        // schema exists, which a relay user confined to an existing schema may not have.
                        if ((await client.query(sql.schemaExists, [schema])).rowCount === 0) {
                            await client.query(sql.createSchema);
                        }
                        await client.query(sql.createMigrationsTable);
                        const { rows } = await client.query<{ version: number | null }>(
                            sql.currentVersion
                        );
                        const current = rows[0]?.version ?? 0;
                        for (const migration of POSTGRES_MIGRATIONS) {
                            if (migration.version <= current) {
                                continue;
                            }
                            for (const statement of migration.statements(
                                escapeIdentifier(schema)
                            )) {
                                await client.query(statement);
                            }
                            await migration.convert?.(client, escapeIdentifier(schema));
                            await client.query(sql.recordMigration, [
                                migration.version,
                                migration.description,
                                Date.now(),
                            ]);
                        }
                    }, own);
                } finally {
                    await own.end();
                }
            } catch (error) {
                throw new Error(
                    `Cannot migrate the delivery store at ${location}: ${(error as Error).message}`,
                    { cause: error }
                );
            }
        },

        enqueue(input: EnqueueInput): Promise<EnqueuedDelivery> {
            if (closed) return Promise.reject(new Error('Delivery store is closed'));
            return new Promise<EnqueuedDelivery>((resolve, reject) => {
                waitingEnqueues.push({ input, now: nowMs(input.now), resolve, reject });
                if (!enqueuing) enqueueWaiting();
            });
        },

        async claim(input: ClaimInput): Promise<Lease[]> {
            assertPositiveInteger('leaseMs', input.leaseMs);
            assertPositiveInteger('limit', input.limit);
            const now = nowMs(input.now);
            return inTransaction(async (client) => {
                const candidates = await client.query<{ tenant: string; conversation_id: string }>(
                    sql.selectClaimCandidates,
                    [now, input.limit, input.tenants ?? null]
                );
                const conversations = uniqueConversations(candidates.rows);
                if (conversations.length === 0) return [];
                // Try-locks: a conversation another instance is claiming or enqueuing right now is left
                // for the next round instead of waiting (and no lock order can deadlock).
                const locks = await client.query<{ locked: boolean }>(sql.tryLocks, [
                    conversations.map((c) =>
                        computeConversationLockKey(schema, c.tenant, c.conversation_id)
                    ),
                ]);
                const held = conversations.filter((_, index) => locks.rows[index]?.locked);
                if (held.length === 0) return [];
                // A new statement, so a new snapshot: it sees every claim of these conversations that
                // committed before their locks were granted.
                const claimable = await client.query<{ id: string }>(sql.selectClaimable, [
                    now,
                    input.limit,
                    held.map((c) => c.tenant),
                    held.map((c) => c.conversation_id),
                ]);
                if (claimable.rows.length === 0) return [];
                const ids = claimable.rows.map((row) => row.id);
                const tokens = ids.map(() => randomUUID());
                const leased = await client.query<DeliveryRow>(sql.leaseDeliveries, [
                    ids,
                    tokens,
                    input.workerId,
                    now + input.leaseMs,
                    now,
                ]);
                const tokenOf = new Map(ids.map((id, index) => [id, tokens[index] as string]));
                return leased.rows
                    .sort((a, b) => toInteger(a.seq) - toInteger(b.seq))
                    .map((row) => ({
                        delivery: toDelivery(row),
                        token: tokenOf.get(row.id) as string,
                    }));
            });
        },

        async extend(id, token, leaseMs, now) {
            assertPositiveInteger('leaseMs', leaseMs);
            const at = nowMs(now);
            return changed(sql.extendLease, [at + leaseMs, at, id, token]);
        },

        async saveCheckpoint(id, token, checkpoint) {
            return changed(sql.saveCheckpoint, [toJsonText(checkpoint), nowMs(), id, token]);
        },

        async complete(id, token, result, conversation?: ConversationUpdate) {
            const now = nowMs();
            return inTransaction(async (client) => {
                const { rows } = await client.query<
                    Pick<DeliveryRow, 'tenant' | 'conversation_id'>
                >(sql.completeDelivery, [toJsonText(result), now, id, token]);
                const done = rows[0];
                if (!done) {
                    return false;
                }
                if (conversation) {
                    await client.query(sql.upsertConversation, [
                        done.tenant,
                        done.conversation_id,
                        conversation.lastHash,
                        toJsonText(conversation.result),
                        now,
                    ]);
                }
                return true;
            });
        },

        async retry(id, token, input) {
            return changed(sql.retryDelivery, [
                input.runAt.getTime(),
                toJsonText(input.error),
                nowMs(),
                id,
                token,
                input.refundAttempt ? 1 : 0,
            ]);
        },

        async kill(id, token, input) {
            return changed(sql.killDelivery, [toJsonText(input.error), nowMs(), id, token]);
        },

        async refuse(id, token, input) {
            return changed(sql.refuseDelivery, [toJsonText(input.error), nowMs(), id, token]);
        },

        async get(id) {
            const { rows } = await query<DeliveryRow>(sql.getDelivery, [id]);
            return rows[0] ? toDelivery(rows[0]) : null;
        },

        async list(filter: ListFilter = {}) {
            const { limit, offset } = resolveListPage(filter);
            const { rows } = await query<DeliveryRow>(sql.listDeliveries, [
                limit,
                offset,
                filter.status ?? null,
                filter.tenant ?? null,
                filter.parentId ?? null,
            ]);
            return rows.map(toDelivery);
        },

        async redrive(filter: RedriveFilter) {
            const now = nowMs(filter.now);
            if ('id' in filter && typeof filter.id === 'string') {
                return (await query(sql.redriveOne, [now, filter.id])).rowCount ?? 0;
            }
            if ('allDead' in filter && filter.allDead === true) {
                return (await query(sql.redriveAll, [now])).rowCount ?? 0;
            }
            throw new TypeError('Delivery store: redrive needs an id or allDead: true');
        },

        async erase(input: EraseInput) {
            const now = nowMs(input.now);
            const { tenant, match } = input;
            const readContacts = async (
                afterSeq: number,
                limit: number,
                client: Pool | PoolClient | Client = pool
            ) =>
                (await query<ContactRow>(sql.selectContacts, [tenant, afterSeq, limit], client))
                    .rows;
            // Outside the transaction, batch by batch: no statement over the whole journal runs into the
            // statement timeout. The transaction reads what arrived since.
            const found =
                'conversationId' in match
                    ? { conversationIds: new Set([match.conversationId]), lastSeq: Infinity }
                    : await findContactConversations(match, readContacts);
            return inTransaction(async (client) => {
                const conversationIds = new Set(found.conversationIds);
                if (Number.isFinite(found.lastSeq))
                    collectContactConversations(
                        await readContacts(found.lastSeq, Number.MAX_SAFE_INTEGER, client),
                        match,
                        conversationIds
                    );
                if (conversationIds.size === 0) return planErase([], input.lastError).result;
                const ids = [...conversationIds];
                // The conversations' own deliveries first, then their jobs, each in a statement of its own:
                // a job enqueued while its parent was being locked is committed (and seen) by the second.
                const own = await client.query<ErasableRow>(sql.lockErasable, [tenant, ids]);
                const ranges = ids.map(jobKeyRange);
                const jobs = await client.query<ErasableRow>(sql.lockErasableJobs, [
                    tenant,
                    ranges.map((range) => range.from),
                    ranges.map((range) => range.to),
                ]);
                const plan = planErase([...own.rows, ...jobs.rows], input.lastError);
                await client.query(sql.eraseDeliveries, [
                    plan.updates.map((update) => update.id),
                    plan.updates.map((update) => update.status),
                    plan.updates.map((update) => update.lastError),
                    now,
                ]);
                return plan.result;
            });
        },

        async purge(input) {
            const cutoff = input.olderThan.getTime();
            const deliveries = await deleteInBatches(
                purgeBatchSize,
                async (limit) => (await query(sql.purgeDeliveries, [cutoff, limit])).rowCount ?? 0
            );
            await query(sql.purgeRateSlots, [cutoff]);
            return { deliveries };
        },

        async getConversation(tenant, conversationId) {
            const { rows } = await query<ConversationRow>(sql.getConversation, [
                tenant,
                conversationId,
            ]);
            return rows[0] ? toConversationState(rows[0]) : null;
        },

        async counts() {
            return toStatusCounts(
                (await query<{ status: string; n: string }>(sql.countByStatus)).rows
            );
        },

        async unfinishedByTenant() {
            const { rows } = await query<{ tenant: string; n: string }>(
                sql.countUnfinishedByTenant
            );
            return Object.fromEntries(rows.map(({ tenant, n }) => [tenant, toInteger(n)]));
        },

        async takeRateSlot(key: string, input: RateSlotInput) {
            assertPositiveInteger('limit', input.limit);
            assertPositiveInteger('windowMs', input.windowMs);
            return inTransaction(async (client) => {
                // Every instance counts and takes slots of this key one at a time (the advisory lock).
                // Rate slots are not deliveries: this transaction commits with synchronous_commit = off,
                // so it does not wait for a WAL flush, which saves one disk flush per Lime request. A
                // database crash may lose the slots committed in the last moments before it (at most
                // about 3 × wal_writer_delay; never half a transaction, never a delivery), which only lets
                // a few more requests through in that window; Lime answers 429 to any excess and the
                // worker retries. Every other transaction keeps synchronous_commit = on.
                await client.query(sql.lockRateKeyWithoutFlush, [computeRateLockKey(schema, key)]);
                // Read after the lock (and the connection) was granted: the slot's time must be close to
                // when the request is actually sent, or Lime may see more requests in a window than granted.
                const now = nowMs(input.now);
                await client.query(sql.expireRateSlots, [key, now - input.windowMs]);
                const counted = await client.query<{ n: string }>(sql.countRateSlots, [key]);
                const taken = toInteger(counted.rows[0]?.n ?? 0);
                if (taken < input.limit) {
                    await client.query(sql.insertRateSlot, [key, now]);
                    return 0;
                }
                const blocking = await client.query<{ taken_at: string }>(sql.blockingRateSlot, [
                    key,
                    taken - input.limit,
                ]);
                const takenAt = blocking.rows[0]?.taken_at;
                if (takenAt === undefined) {
                    throw new Error('Delivery store: a counted rate slot vanished under its lock');
                }
                // Clamped: a slot stamped in the future by a machine with a skewed clock must not make
                // callers wait longer than one window.
                const waitMs = toInteger(takenAt) + input.windowMs - now;
                return Math.min(Math.max(waitMs, 1), input.windowMs);
            });
        },

        async ping() {
            await query(sql.ping);
        },

        async close() {
            if (closed) {
                return;
            }
            // Enqueues asked for before the close still get their commit.
            while (enqueuing) await enqueuing;
            closed = true;
            await pool.end();
        },
    };
}

/** An enqueue waiting for its group commit. */
interface WaitingEnqueue {
    input: EnqueueInput;
    now: number;
    resolve(delivery: EnqueuedDelivery): void;
    reject(error: unknown): void;
}

/** The most enqueues one transaction takes (10 parameters each, far below PostgreSQL's 65,535). */
const MAX_ENQUEUE_GROUP = 500;
/** The most payload characters one transaction takes, beyond its first enqueue (one insert statement). */
const MAX_ENQUEUE_GROUP_CHARACTERS = 16 * 1024 * 1024;

/**
 * How many of the waiting enqueues make the next group: up to the count and size limits, at least one. A
 * job (an enqueue with a parent) is a group of its own: its parent's row lock is then the only row lock
 * the transaction waits for, as before groups, so it cannot wait in a circle with an erase.
 */
function nextGroupSize(waiting: readonly WaitingEnqueue[]): number {
    if (waiting[0]?.input.parentId !== undefined) return 1;
    let characters = 0;
    let size = 0;
    while (size < waiting.length && size < MAX_ENQUEUE_GROUP) {
        const { input } = waiting[size] as WaitingEnqueue;
        if (input.parentId !== undefined) break;
        characters += input.payload.length;
        if (size > 0 && characters > MAX_ENQUEUE_GROUP_CHARACTERS) break;
        size++;
    }
    return size;
}

function conversationKey(tenant: string, conversationId: string): string {
    return JSON.stringify([tenant, conversationId]);
}

/** The candidates' conversations, each once, in the candidates' order. */
function uniqueConversations(
    rows: readonly { tenant: string; conversation_id: string }[]
): { tenant: string; conversation_id: string }[] {
    const seen = new Set<string>();
    return rows.filter((row) => {
        const key = JSON.stringify([row.tenant, row.conversation_id]);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
