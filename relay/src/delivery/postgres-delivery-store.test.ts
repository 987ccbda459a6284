import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeIdentifier, type Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryStore, describeDeliveryStoreLocation } from './create-delivery-store.ts';
import { describeDeliveryStoreContract } from '../../test-support/delivery-store.contract.ts';
import type { DeliveryStore, Lease } from './delivery-store.ts';
import { createPostgresDeliveryStore } from './postgres-delivery-store.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import {
    createTestSchemaName,
    dropTestSchema,
    TEST_DATABASE_URL,
    withTestClient,
} from '../../test-support/postgres-test-database.ts';
import { LEGACY_LAST_ERRORS } from '../../test-support/legacy-last-errors.ts';

const FILTERED = { status: 422, code: 'filtered', message: 'filtered', retryable: false };

/** Creates `schema` at `version`, its migrations applied as released; resolves with its quoted name. */
async function createJournalAt(client: Client, schema: string, version: number): Promise<string> {
    const s = escapeIdentifier(schema);
    await client.query(`CREATE SCHEMA ${s}`);
    await client.query(
        `CREATE TABLE ${s}.schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)`
    );
    for (const migration of POSTGRES_MIGRATIONS.filter((m) => m.version <= version)) {
        for (const statement of migration.statements(s)) await client.query(statement);
        await migration.convert?.(client, s);
        await client.query(`INSERT INTO ${s}.schema_migrations VALUES ($1, $2, 0)`, [
            migration.version,
            migration.description,
        ]);
    }
    return s;
}

describeDeliveryStoreContract('PostgreSQL', async () => {
    const schema = createTestSchemaName();
    return {
        open: async ({ clock, purgeBatchSize }) =>
            createPostgresDeliveryStore({
                connectionString: TEST_DATABASE_URL,
                schema,
                clock,
                poolSize: 4,
                purgeBatchSize,
            }),
        destroy: () => dropTestSchema(schema),
    };
});

describe('PostgreSQL delivery store', () => {
    let schema: string;
    let stores: DeliveryStore[];

    function openStore(): DeliveryStore {
        const store = createPostgresDeliveryStore({
            connectionString: TEST_DATABASE_URL,
            schema,
        });
        stores.push(store);
        return store;
    }

    beforeEach(() => {
        schema = createTestSchemaName();
        stores = [];
    });

    afterEach(async () => {
        await Promise.all(stores.map((store) => store.close()));
        await dropTestSchema(schema);
    });

    it('migrates once when two pools start at the same moment, in its own schema', async () => {
        const [first, second] = [openStore(), openStore()];
        await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
        await second.migrate();
        const { tables, versions } = await withTestClient(async (client) => ({
            tables: (
                await client.query<{ table_name: string }>(
                    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1
                     ORDER BY table_name`,
                    [schema]
                )
            ).rows.map((row) => row.table_name),
            versions: (
                await client.query<{ version: number }>(
                    `SELECT version FROM ${escapeIdentifier(schema)}.schema_migrations ORDER BY version`
                )
            ).rows.map((row) => row.version),
        }));
        expect(tables).toEqual(['conversations', 'deliveries', 'rate_slots', 'schema_migrations']);
        expect(versions).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
    });

    it('upgrades a version 5 journal to version 6: its rows kept, refused allowed', async () => {
        await withTestClient(async (client) => {
            const s = await createJournalAt(client, schema, 5);
            await client.query(`INSERT INTO ${s}.deliveries
                (id, tenant, conversation_id, content_hash, payload, status, attempts, run_at, created_at, updated_at)
                VALUES ('kept', 't', 'c1', 'h', '{}', 'queued', 0, 0, 0, 0)`);
        });
        const store = openStore();
        await store.migrate();
        const [lease] = await store.claim({ workerId: 'w', leaseMs: 10_000, limit: 1 });
        expect(lease?.delivery.id).toBe('kept');
        expect(await store.refuse('kept', lease!.token, { error: FILTERED })).toBe(true);
        expect(await store.get('kept')).toMatchObject({ status: 'refused', lastError: FILTERED });
    });

    it('upgrades a version 6 journal to version 7: each last error kept as text becomes its report', async () => {
        await withTestClient(async (client) => {
            const s = await createJournalAt(client, schema, 6);
            for (const legacy of [
                ...LEGACY_LAST_ERRORS,
                { id: 'done', status: 'done', text: null },
            ])
                await client.query(
                    `INSERT INTO ${s}.deliveries
                     (id, tenant, conversation_id, content_hash, payload, status, attempts, run_at, created_at, updated_at, last_error)
                     VALUES ($1, 't', $1, 'h', '{}', $2, 1, 0, 0, 0, $3)`,
                    [legacy.id, legacy.status, legacy.text]
                );
        });
        const store = openStore();
        await store.migrate();
        for (const legacy of LEGACY_LAST_ERRORS)
            expect((await store.get(legacy.id))?.lastError).toEqual(legacy.report);
        expect((await store.get('done'))?.lastError).toBeNull();
    });

    it('has the same migrations as the SQLite store, version by version', () => {
        const label = (migration: { version: number; description: string }) =>
            `${migration.version}: ${migration.description}`;
        expect(POSTGRES_MIGRATIONS.map(label)).toEqual(SQLITE_MIGRATIONS.map(label));
    });

    it('commits the enqueues asked for together in one transaction, each conversation in order', async () => {
        const store = openStore();
        await store.migrate();
        // Every third a repeat of the conversation's enqueue before it: absorbed within the group.
        const last = new Map<string, string>();
        const inputs = Array.from({ length: 30 }, (_, n) => {
            const conversationId = `c${n % 4}`;
            const contentHash =
                n % 3 === 2 && last.has(conversationId) ? last.get(conversationId)! : `h${n}`;
            last.set(conversationId, contentHash);
            return { tenant: 't', conversationId, contentHash, payload: `{"n":${n}}` };
        });
        const repeats = inputs.filter((input, n) => input.contentHash !== `h${n}`).length;
        const enqueued = await Promise.all(inputs.map((input) => store.enqueue(input)));
        // Rows written by one transaction carry its id (xmin).
        const { transactions, rows } = await withTestClient(async (client) => {
            const result = await client.query<{
                xmin: string;
                id: string;
                conversation_id: string;
            }>(
                `SELECT xmin::text AS xmin, id, conversation_id FROM ${escapeIdentifier(schema)}.deliveries d
                 ORDER BY d.seq`
            );
            return {
                transactions: new Set(result.rows.map((row) => row.xmin)).size,
                rows: result.rows,
            };
        });
        expect(transactions).toBe(1);
        expect(repeats).toBeGreaterThan(5);
        expect(enqueued.filter((delivery) => !delivery.created)).toHaveLength(repeats);
        expect(rows).toHaveLength(30 - repeats);
        // Per conversation, the rows are numbered in the order the enqueues were asked for.
        for (const conversation of ['c0', 'c1', 'c2', 'c3']) {
            expect(
                rows.filter((row) => row.conversation_id === conversation).map((row) => row.id)
            ).toEqual(
                enqueued
                    .filter((d) => d.created && d.conversationId === conversation)
                    .map((d) => d.id)
            );
        }
    });

    it('fails only the enqueue that failed when enqueues are grouped', async () => {
        const store = openStore();
        await store.migrate();
        const enqueue = (n: number, payload: string) =>
            store.enqueue({ tenant: 't', conversationId: `c${n}`, contentHash: 'h', payload });
        const results = await Promise.allSettled([
            enqueue(1, '{}'),
            // PostgreSQL text cannot hold a NUL character: this insert fails, and the group with it.
            enqueue(2, '{"x":"\u0000"}'),
            enqueue(3, '{}'),
        ]);
        expect(results.map((result) => result.status)).toEqual([
            'fulfilled',
            'rejected',
            'fulfilled',
        ]);
        expect((await store.list()).map((delivery) => delivery.conversationId).sort()).toEqual([
            'c1',
            'c3',
        ]);
    });

    it('takes over the lease of an instance that died (SIGKILL) once it expires', async () => {
        const store = openStore();
        await store.migrate();
        const delivery = await store.enqueue({
            tenant: 't',
            conversationId: 'c',
            contentHash: 'h',
            payload: '{}',
        });
        const moduleUrl = pathToFileURL(
            join(import.meta.dirname, 'postgres-delivery-store.ts')
        ).href;
        // A separate process claims with a 1.5 s lease, saves a checkpoint, reports and is killed.
        const child = spawn(
            process.execPath,
            [
                '--input-type=module',
                '-e',
                `const { createPostgresDeliveryStore } = await import(${JSON.stringify(moduleUrl)});
                const store = createPostgresDeliveryStore({ connectionString: process.env.DB, schema: process.env.SCHEMA });
                const [lease] = await store.claim({ workerId: 'doomed', leaseMs: 1500, limit: 1 });
                await store.saveCheckpoint(lease.delivery.id, lease.token, { step: 1 });
                process.stdout.write('leased\\n');
                setInterval(() => {}, 1000);`,
            ],
            {
                env: { ...process.env, DB: TEST_DATABASE_URL, SCHEMA: schema },
                stdio: ['ignore', 'pipe', 'inherit'],
            }
        );
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
            await new Promise<void>((resolve, reject) => {
                child.stdout.on('data', (chunk: Buffer) => {
                    if (chunk.toString().includes('leased')) resolve();
                });
                child.once('exit', (code) =>
                    reject(new Error(`the claiming process exited early (${code})`))
                );
            });
        } finally {
            child.kill('SIGKILL');
            await exited;
        }

        expect(await store.claim({ workerId: 'heir', leaseMs: 1_000, limit: 1 })).toEqual([]);
        let lease;
        for (let waited = 0; !lease && waited < 5_000; waited += 100) {
            [lease] = await store.claim({ workerId: 'heir', leaseMs: 1_000, limit: 1 });
            if (!lease) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(lease?.delivery).toMatchObject({
            id: delivery.id,
            status: 'running',
            attempts: 2,
            checkpoint: { step: 1 },
        });
    });

    it('never leases two deliveries of one conversation when a redrive races claims from several pools', async () => {
        // The case SKIP LOCKED alone gets wrong: a dead delivery is redriven while the conversation's newer
        // delivery sits in an expired lease. Claimers with snapshots from either side of the redrive would
        // each see "their" delivery as first in line; the conversation lock makes them take turns.
        const claimers = [openStore(), openStore(), openStore()];
        await Promise.all(claimers.map((claimer) => claimer.migrate()));
        const [store] = claimers as [DeliveryStore, ...DeliveryStore[]];
        const enqueue = (conversationId: string) =>
            store.enqueue({ tenant: 't', conversationId, contentHash: 'h', payload: '{}' });
        for (let round = 0; round < 30; round++) {
            const conversationId = `race-${round}`;
            const old = await enqueue(conversationId);
            const [oldLease] = await store.claim({ workerId: 'w', leaseMs: 60_000, limit: 1 });
            expect(oldLease?.delivery.id).toBe(old.id);
            await store.kill(old.id, oldLease!.token, { error: FILTERED });
            const newer = await enqueue(conversationId);
            const [newerLease] = await store.claim({ workerId: 'w', leaseMs: 1, limit: 1 });
            expect(newerLease?.delivery.id).toBe(newer.id);

            // The newer lease has expired by `later`; redrive and three claims race.
            const later = new Date(Date.now() + 60_000);
            const [, ...batches] = await Promise.all([
                store.redrive({ id: old.id }),
                ...claimers.map((claimer) =>
                    claimer.claim({ workerId: 'racer', leaseMs: 60_000, limit: 5, now: later })
                ),
            ]);
            const leases = (batches as Lease[][]).flat();
            expect(
                leases.length,
                `leases of the conversation in round ${round}`
            ).toBeLessThanOrEqual(1);
            // Finish the round: nothing of this conversation may stay claimable for the next one.
            for (const lease of leases) await store.complete(lease.delivery.id, lease.token, {});
            for (;;) {
                const [rest] = await store.claim({
                    workerId: 'w',
                    leaseMs: 60_000,
                    limit: 1,
                    now: later,
                });
                if (!rest) break;
                await store.complete(rest.delivery.id, rest.token, {});
            }
            expect(await store.counts()).toMatchObject({ queued: 0, running: 0 });
        }
    });

    it('fails a query the database never answers instead of waiting for ever', async () => {
        // A TCP proxy to the test server that can go silent, as a dropped network path does (no reset,
        // no answer). Without a timeout a claim would hang, and with it the worker and its SIGTERM drain.
        const upstream = new URL(TEST_DATABASE_URL);
        let silent = false;
        const sockets = new Set<Socket>();
        const proxy = createServer((client) => {
            const server = connect(Number(upstream.port || 5432), upstream.hostname);
            for (const socket of [client, server]) {
                sockets.add(socket);
                socket.on('error', () => {});
            }
            client.on('data', (chunk) => silent || server.write(chunk));
            server.on('data', (chunk) => silent || client.write(chunk));
            client.on('close', () => server.destroy());
            server.on('close', () => client.destroy());
        });
        await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
        const proxied = new URL(TEST_DATABASE_URL);
        proxied.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
        try {
            const store = createPostgresDeliveryStore({
                connectionString: proxied.toString(),
                schema,
                queryTimeoutMs: 300,
            });
            stores.push(store);
            await store.migrate();
            silent = true;
            // On the connection migrate() left idle in the pool, as the worker's next claim would be.
            await expect(store.claim({ workerId: 'w', leaseMs: 1_000, limit: 1 })).rejects.toThrow(
                /timeout/i
            );
        } finally {
            for (const socket of sockets) socket.destroy();
            proxy.close();
        }
    });

    it('names the schema rule when the schema name is not allowed', () => {
        expect(() =>
            createPostgresDeliveryStore({
                connectionString: TEST_DATABASE_URL,
                schema: 'Robert"; DROP TABLE x',
            })
        ).toThrow(/schema name .* is not allowed/);
    });

    it('fails to migrate with a message that names the server but not the password', async () => {
        const store = createPostgresDeliveryStore({
            // Port 1 on loopback: nothing listens there.
            connectionString: 'postgres://relay:s3cret-password@127.0.0.1:1/relay',
            schema,
        });
        stores.push(store);
        const failure = await store.migrate().then(
            () => null,
            (error: Error) => error
        );
        expect(failure?.message).toMatch(
            /^Cannot migrate the delivery store at postgres:\/\/relay@127\.0\.0\.1:1\/relay \(schema relay_test_[0-9a-f]+\): /
        );
        expect(failure?.message).not.toContain('s3cret');
    });
});

describe('createDeliveryStore', () => {
    let schema: string;

    beforeEach(() => {
        schema = createTestSchemaName();
    });

    afterEach(async () => {
        await dropTestSchema(schema);
    });

    it('opens PostgreSQL for a postgres:// URL, in the schema its query names', async () => {
        const store = createDeliveryStore(`${TEST_DATABASE_URL}?schema=${schema}`);
        try {
            await store.migrate();
            await store.enqueue({
                tenant: 't',
                conversationId: 'c',
                contentHash: 'h',
                payload: '{}',
            });
        } finally {
            await store.close();
        }
        const count = await withTestClient(
            async (client) =>
                (await client.query(`SELECT id FROM ${escapeIdentifier(schema)}.deliveries`))
                    .rowCount
        );
        expect(count).toBe(1);
    });

    it('accepts postgresql:// too', async () => {
        const url = TEST_DATABASE_URL.replace(/^postgres(ql)?:/, 'postgresql:');
        const store = createDeliveryStore(`${url}?schema=${schema}`);
        try {
            await store.migrate();
            await expect(store.ping()).resolves.toBeUndefined();
        } finally {
            await store.close();
        }
    });

    it('opens the SQLite file for anything that is not a PostgreSQL URL', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'relay-store-'));
        const path = join(dir, 'relay.sqlite');
        try {
            const store = createDeliveryStore(path);
            await store.migrate();
            await store.close();
            expect(existsSync(path)).toBe(true);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('describes a PostgreSQL location without its password', () => {
        expect(
            describeDeliveryStoreLocation(
                'postgres://relay:pw@db.internal:5433/relay?schema=relay_a'
            )
        ).toBe('postgres://relay@db.internal:5433/relay (schema relay_a)');
        expect(describeDeliveryStoreLocation('./data/relay.sqlite')).toBe('./data/relay.sqlite');
    });
});
