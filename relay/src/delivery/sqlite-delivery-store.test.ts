import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDeliveryStoreContract } from '../../test-support/delivery-store.contract.ts';
import type { Lease } from './delivery-store.ts';
import { createSqliteDeliveryStore } from './sqlite-delivery-store.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { LEGACY_LAST_ERRORS } from '../../test-support/legacy-last-errors.ts';

const FILTERED = { status: 422, code: 'filtered', message: 'filtered', retryable: false };

function createTempDir(): string {
    return mkdtempSync(join(tmpdir(), 'relay-delivery-'));
}

describeDeliveryStoreContract('SQLite', async () => {
    const dir = createTempDir();
    // A nested path also proves that missing directories are created.
    const path = join(dir, 'nested', 'relay.sqlite');
    return {
        open: async ({ clock, purgeBatchSize }) =>
            createSqliteDeliveryStore({ path, clock, purgeBatchSize }),
        destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
});

const storeModuleUrl = pathToFileURL(join(import.meta.dirname, 'sqlite-delivery-store.ts')).href;

/**
 * Starts a separate Node process running `body` with `store` (migrated, on `dbPath`) in scope. Each line the
 * child prints is passed to `onLine`. A real process is the only way to test SIGKILL and cross-process locks.
 * With `startAt` (epoch ms), the child opens the store at that moment, so several children start together.
 */
function startChild(
    dir: string,
    dbPath: string,
    body: string,
    onLine: (line: string) => void = () => {},
    options: { startAt?: number } = {}
): { child: ChildProcess; exited: Promise<number | null> } {
    const script = join(dir, `child-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(
        script,
        `const { createSqliteDeliveryStore } = await import(${JSON.stringify(storeModuleUrl)});
await new Promise((resolve) => setTimeout(resolve, ${options.startAt ?? 0} - Date.now()));
const store = createSqliteDeliveryStore({ path: ${JSON.stringify(dbPath)} });
await store.migrate();
${body}`
    );
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
            if (code !== 0 && code !== null) {
                console.error(`child process failed (${code}):\n${stderr}`);
            }
            resolve(code);
        })
    );
    return { child, exited };
}

describe('SQLite delivery store, on disk', () => {
    let dir: string;
    let dbPath: string;

    beforeEach(() => {
        dir = createTempDir();
        dbPath = join(dir, 'relay.sqlite');
    });

    afterEach(() => {
        rmSync(dir, { recursive: true, force: true });
    });

    it('upgrades a version 5 journal to version 6 keeping its rows, indexes and sequence', async () => {
        const old = createJournalAt(5);
        const insert = old.prepare(`INSERT INTO deliveries
            (id, tenant, conversation_id, content_hash, payload, status, attempts, run_at, created_at, updated_at, last_error)
            VALUES (?, 't', ?, 'h', '{}', ?, 1, 0, 0, 0, ?)`);
        insert.run('kept-dead', 'c1', 'dead', '422 no_matching_instance: no topic');
        insert.run('kept-queued', 'c2', 'queued', null);
        insert.run('purged', 'c3', 'done', null);
        old.exec("DELETE FROM deliveries WHERE id = 'purged'"); // its seq (3) must not come back
        expect(() => insert.run('refused', 'c4', 'refused', null)).toThrow(/CHECK constraint/);
        old.close();

        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        expect(await store.get('kept-dead')).toMatchObject({ status: 'dead' });
        // Version 7 turned the text into the report.
        expect((await store.get('kept-dead'))?.lastError).toEqual({
            status: 422,
            code: 'no_matching_instance',
            message: 'no topic',
            retryable: false,
        });
        const next = await store.enqueue({
            tenant: 't',
            conversationId: 'c5',
            contentHash: 'h',
            payload: '{}',
        });
        const [lease] = await store.claim({ workerId: 'w', leaseMs: 10_000, limit: 1 });
        expect(lease?.delivery.id).toBe('kept-queued');
        expect(await store.refuse('kept-queued', lease!.token, { error: FILTERED })).toBe(true);
        expect(await store.counts()).toMatchObject({ queued: 1, dead: 1, refused: 1 });
        await store.close();

        const upgraded = new DatabaseSync(dbPath);
        const seqOf = (id: string) =>
            (upgraded.prepare('SELECT seq FROM deliveries WHERE id = ?').get(id) as { seq: number })
                .seq;
        expect(seqOf(next.id)).toBe(4);
        expect(
            upgraded
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND name LIKE 'deliveries_%' ORDER BY name"
                )
                .all()
                .map((row) => row.name)
        ).toEqual([
            'deliveries_conversation',
            'deliveries_parent',
            'deliveries_status_run_at',
            'deliveries_status_updated_at',
            'deliveries_tenant_seq',
            'deliveries_unfinished',
        ]);
        expect(upgraded.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
        upgraded.close();
    });

    /** A journal at `version`, with its migrations applied as they were released. */
    function createJournalAt(version: number): DatabaseSync {
        const old = new DatabaseSync(dbPath);
        old.exec(
            'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)'
        );
        for (const migration of SQLITE_MIGRATIONS.filter((m) => m.version <= version)) {
            for (const statement of migration.statements) old.exec(statement);
            migration.convert?.(old);
            old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(
                migration.version,
                migration.description
            );
        }
        return old;
    }

    it('upgrades a version 6 journal to version 7: each last error kept as text becomes its report', async () => {
        const old = createJournalAt(6);
        const insert = old.prepare(`INSERT INTO deliveries
            (id, tenant, conversation_id, content_hash, payload, status, attempts, run_at, created_at, updated_at, last_error)
            VALUES (?, 't', ?, 'h', '{}', ?, 1, 0, 0, 0, ?)`);
        for (const legacy of LEGACY_LAST_ERRORS)
            insert.run(legacy.id, legacy.id, legacy.status, legacy.text);
        insert.run('done', 'done', 'done', null);
        old.close();

        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        for (const legacy of LEGACY_LAST_ERRORS)
            expect((await store.get(legacy.id))?.lastError).toEqual(legacy.report);
        expect((await store.get('done'))?.lastError).toBeNull();
        await store.close();
    });

    it('reads a last error an older instance wrote as text after the upgrade as it is, as a 500', async () => {
        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        const delivery = await store.enqueue({
            tenant: 't',
            conversationId: 'c1',
            contentHash: 'h',
            payload: '{}',
        });
        const raw = new DatabaseSync(dbPath);
        raw.prepare('UPDATE deliveries SET last_error = ? WHERE id = ?').run(
            '503 lime_unavailable: Lime is unavailable.',
            delivery.id
        );
        raw.close();
        expect((await store.get(delivery.id))?.lastError).toEqual({
            status: 500,
            code: 'internal_error',
            message: '503 lime_unavailable: Lime is unavailable.',
            retryable: false,
        });
        await store.close();
    });

    it('puts the database in WAL mode', async () => {
        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        await store.close();
        // journal_mode=WAL is persistent in the file, so a plain connection sees it.
        const db = new DatabaseSync(dbPath);
        expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
        db.close();
    });

    it('names the path when the database cannot be opened', () => {
        // A regular file where a directory is needed: mkdir fails.
        const blocker = join(dir, 'not-a-directory');
        writeFileSync(blocker, '');
        expect(() => createSqliteDeliveryStore({ path: join(blocker, 'relay.sqlite') })).toThrow(
            `Cannot open the delivery journal at ${join(blocker, 'relay.sqlite')}`
        );
    });

    it('loses no acknowledged enqueue when the process is killed with SIGKILL', async () => {
        const acknowledged: string[] = [];
        let kill: () => void = () => {};
        const enough = new Promise<void>((resolve) => (kill = resolve));
        const { child, exited } = startChild(
            dir,
            dbPath,
            `for (let n = 0; ; n++) {
                const d = await store.enqueue({ tenant: 't', conversationId: 'c' + (n % 3), contentHash: 'h' + n, payload: '{}' });
                process.stdout.write(d.id + '\\n');
            }`,
            (id) => {
                acknowledged.push(id);
                if (acknowledged.length >= 200) kill();
            }
        );
        await enough;
        child.kill('SIGKILL');
        expect(await exited).toBeNull();

        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        for (const id of acknowledged) {
            expect((await store.get(id))?.status, `delivery ${id}`).toBe('queued');
        }
        await store.close();
    });

    it('commits the writes asked for together in one transaction, and answers each after that commit', async () => {
        const commits: number[] = [];
        const store = createSqliteDeliveryStore({
            path: dbPath,
            onGroupCommit: (writes) => commits.push(writes),
        });
        await store.migrate();
        const other = new DatabaseSync(dbPath);
        const committed = (id: string) =>
            other.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE id = ?').get(id);
        const enqueued = await Promise.all(
            Array.from({ length: 20 }, (_, n) =>
                store
                    .enqueue({
                        tenant: 't',
                        conversationId: `c${n % 7}`,
                        contentHash: `h${n}`,
                        payload: '{}',
                    })
                    // Read by another connection the moment the caller hears of it: already committed.
                    .then((delivery) => ({ delivery, seen: committed(delivery.id) }))
            )
        );
        expect(commits).toEqual([20]);
        expect(enqueued.map((entry) => entry.seen)).toEqual(Array(20).fill({ n: 1 }));
        // Each conversation's deliveries are in the order they were asked for.
        const leases = await store.claim({ workerId: 'w', leaseMs: 1_000, limit: 100 });
        expect(leases.map((lease) => lease.delivery.contentHash).sort()).toEqual(
            ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].sort()
        );
        other.close();
        await store.close();
    });

    it('fails only the write that failed when the writes of one commit are grouped', async () => {
        const commits: number[] = [];
        const store = createSqliteDeliveryStore({
            path: dbPath,
            onGroupCommit: (writes) => commits.push(writes),
        });
        await store.migrate();
        const enqueue = (n: number, payload: unknown) =>
            store.enqueue({
                tenant: 't',
                conversationId: `c${n}`,
                contentHash: 'h',
                payload: payload as string,
            });
        const results = await Promise.allSettled([
            enqueue(1, '{}'),
            // Not a value SQLite can store: this insert throws inside the group's transaction.
            enqueue(2, { not: 'text' }),
            enqueue(3, '{}'),
        ]);
        expect(results.map((result) => result.status)).toEqual([
            'fulfilled',
            'rejected',
            'fulfilled',
        ]);
        // The group was rolled back and its writes committed one by one.
        expect(commits).toEqual([1, 1]);
        expect((await store.list()).map((delivery) => delivery.conversationId).sort()).toEqual([
            'c1',
            'c3',
        ]);
        await store.close();
    });

    it('commits the writes waiting for a commit when it is closed', async () => {
        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        const waiting = store.enqueue({
            tenant: 't',
            conversationId: 'c',
            contentHash: 'h',
            payload: '{}',
        });
        await store.close();
        const delivery = await waiting;
        const reopened = createSqliteDeliveryStore({ path: dbPath });
        expect((await reopened.get(delivery.id))?.status).toBe('queued');
        await reopened.close();
    });

    it('a worker killed while holding a lease leaves nothing stuck: the lease expires and is reclaimed', async () => {
        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        const delivery = await store.enqueue({
            tenant: 't',
            conversationId: 'c',
            contentHash: 'h',
            payload: '{}',
        });
        let claimed: () => void = () => {};
        const leased = new Promise<void>((resolve) => (claimed = resolve));
        const { child, exited } = startChild(
            dir,
            dbPath,
            `const [lease] = await store.claim({ workerId: 'doomed', leaseMs: 60000, limit: 1 });
            await store.saveCheckpoint(lease.delivery.id, lease.token, { step: 1 });
            process.stdout.write('leased\\n');
            setInterval(() => {}, 1000);`,
            () => claimed()
        );
        await leased;
        child.kill('SIGKILL');
        await exited;

        // Still leased to the dead process for now…
        expect(await store.claim({ workerId: 'heir', leaseMs: 1_000, limit: 1 })).toEqual([]);
        // …and taken over once the lease has expired, with the dead worker's checkpoint.
        const later = new Date(Date.now() + 61_000);
        const [lease] = await store.claim({
            workerId: 'heir',
            leaseMs: 1_000,
            limit: 1,
            now: later,
        });
        expect(lease?.delivery).toMatchObject({
            id: delivery.id,
            attempts: 2,
            checkpoint: { step: 1 },
        });
        await store.close();
    });

    it('serialises enqueues and claims from several processes on one file', async () => {
        const producers = 4;
        const perProducer = 60;
        const runs = Array.from({ length: producers }, (_, producer) =>
            startChild(
                dir,
                dbPath,
                `for (let n = 0; n < ${perProducer}; n++) {
                    await store.enqueue({ tenant: 't', conversationId: 'shared', contentHash: '${producer}:' + n, payload: '{}' });
                    await store.enqueue({ tenant: 't', conversationId: 'own-${producer}', contentHash: '${producer}:' + n, payload: '{}' });
                }
                await store.close();`
            )
        );
        expect(await Promise.all(runs.map((run) => run.exited))).toEqual(
            Array.from({ length: producers }, () => 0)
        );

        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        expect(await store.counts()).toEqual({
            queued: producers * perProducer * 2,
            running: 0,
            done: 0,
            dead: 0,
            refused: 0,
        });
        // Drain: each producer's deliveries to the shared conversation come out in the order it sent them.
        const seen = new Map<string, number>();
        for (;;) {
            const leases: Lease[] = await store.claim({
                workerId: 'w',
                leaseMs: 10_000,
                limit: 20,
            });
            if (leases.length === 0) break;
            for (const { delivery, token } of leases) {
                const [producer, n] = delivery.contentHash.split(':').map(Number) as [
                    number,
                    number,
                ];
                const key = `${delivery.conversationId}/${producer}`;
                expect(n).toBe((seen.get(key) ?? -1) + 1);
                seen.set(key, n);
                await store.complete(delivery.id, token, {});
            }
        }
        expect(await store.counts()).toMatchObject({
            queued: 0,
            done: producers * perProducer * 2,
        });
        await store.close();
    });

    it('migrates a fresh file when several processes start on it at the same moment', async () => {
        for (let round = 0; round < 3; round++) {
            // Node's start-up takes a while; the children open the file together once all have started.
            const startAt = Date.now() + 1_000;
            const path = join(dir, `fresh-${round}`, 'relay.sqlite');
            const runs = Array.from({ length: 3 }, (_, child) =>
                startChild(
                    dir,
                    path,
                    `await store.enqueue({ tenant: 't', conversationId: 'c${child}', contentHash: 'h', payload: '{}' });
                    await store.close();`,
                    undefined,
                    { startAt }
                )
            );
            expect(await Promise.all(runs.map((run) => run.exited))).toEqual([0, 0, 0]);
            const db = new DatabaseSync(path);
            const versions = db
                .prepare('SELECT version FROM schema_migrations ORDER BY version')
                .all()
                .map((row) => row.version);
            const queued = db.prepare(
                "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'queued'"
            );
            expect(versions).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.version));
            expect(queued.get()).toEqual({ n: 3 });
            db.close();
        }
    });

    it('journals one delivery when several processes enqueue the same content at once', async () => {
        const store = createSqliteDeliveryStore({ path: dbPath });
        await store.migrate();
        const ids = new Set<string>();
        const startAt = Date.now() + 1_000;
        const runs = Array.from({ length: 4 }, () =>
            startChild(
                dir,
                dbPath,
                `for (let n = 0; n < 25; n++) {
                    const d = await store.enqueue({ tenant: 't', conversationId: 'c', contentHash: 'h', payload: '{}' });
                    process.stdout.write(d.id + '\\n');
                }
                await store.close();`,
                (id) => ids.add(id),
                { startAt }
            )
        );
        expect(await Promise.all(runs.map((run) => run.exited))).toEqual([0, 0, 0, 0]);
        expect(ids.size).toBe(1);
        expect(await store.counts()).toEqual({
            queued: 1,
            running: 0,
            done: 0,
            dead: 0,
            refused: 0,
        });
        await store.close();
    });

    it('purges batch by batch, letting the event loop and other connections in between', async () => {
        const clock = { now: () => new Date('2026-01-01T00:00:00Z') };
        const store = createSqliteDeliveryStore({ path: dbPath, clock, purgeBatchSize: 2 });
        await store.migrate();
        for (let n = 0; n < 7; n++) {
            await store.enqueue({
                tenant: 't',
                conversationId: `c${n}`,
                contentHash: 'h',
                payload: '{}',
            });
        }
        for (const lease of await store.claim({ workerId: 'w', leaseMs: 1_000, limit: 10 })) {
            await store.complete(lease.delivery.id, lease.token, {});
        }
        const other = new DatabaseSync(dbPath);
        const remaining = () =>
            (other.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n;
        let seenMeanwhile: number | undefined;
        const purged = store.purge({ olderThan: new Date('2026-01-02T00:00:00Z') });
        setImmediate(() => (seenMeanwhile = remaining()));
        expect(await purged).toEqual({ deliveries: 7 });
        // The other connection ran while the purge was under way, and saw the batches committed so far.
        expect(seenMeanwhile).toBeGreaterThan(0);
        expect(seenMeanwhile).toBeLessThan(7);
        expect(remaining()).toBe(0);
        other.close();
        await store.close();
    });
});
