import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
    Delivery,
    DeliveryStore,
    EnqueuedDelivery,
    Lease,
} from '../src/delivery/delivery-store.ts';
import type { ErrorReport } from '../src/errors.ts';
import { createManualClock, type ManualClock } from './manual-clock.ts';

/** One empty database for one test; the suite may open several store instances on it. */
export interface DeliveryStoreFixture {
    /** Opens a new store instance (its own connection) on this fixture's database. Not yet migrated. */
    open(options: { clock: { now(): Date }; purgeBatchSize?: number }): Promise<DeliveryStore>;
    /** Deletes the database. Called after every store the suite opened is closed. */
    destroy(): Promise<void>;
}

const LEASE_MS = 10_000;
const payload = (n: number) => JSON.stringify({ id: n, messages: [] });
/** A last error as the worker records it (errors.ts). */
const failure = (message: string, status = 500, code = 'test_failure'): ErrorReport => ({
    status,
    code,
    message,
    retryable: false,
});
/** The delivery as `get` returns it: `enqueue`'s answer without `created`. */
const stored = ({ created: _created, ...delivery }: EnqueuedDelivery): Delivery => delivery;

/**
 * The behaviour every `DeliveryStore` implementation must have. Call it from a `*.test.ts` file with a
 * factory that creates a fresh, empty database per test.
 */
export function describeDeliveryStoreContract(
    name: string,
    createFixture: () => Promise<DeliveryStoreFixture>
): void {
    describe(`DeliveryStore contract: ${name}`, () => {
        let fixture: DeliveryStoreFixture;
        let clock: ManualClock;
        let opened: DeliveryStore[];
        let store: DeliveryStore;

        /** Opens (and migrates) another instance on the same database, closed after the test. */
        async function openStore(
            options: { purgeBatchSize?: number } = {}
        ): Promise<DeliveryStore> {
            const instance = await fixture.open({ clock, ...options });
            opened.push(instance);
            await instance.migrate();
            return instance;
        }

        async function enqueue(conversationId: string, n = 0, target = store, tenant = 'acme') {
            return target.enqueue({
                tenant,
                conversationId,
                contentHash: `hash-${n}`,
                payload: payload(n),
            });
        }

        async function claimAll(target = store): Promise<Lease[]> {
            return target.claim({ workerId: 'test', leaseMs: LEASE_MS, limit: 50 });
        }

        beforeEach(async () => {
            fixture = await createFixture();
            clock = createManualClock();
            opened = [];
            store = await openStore();
        });

        afterEach(async () => {
            for (const instance of opened) {
                await instance.close();
            }
            await fixture.destroy();
        });

        describe('enqueue', () => {
            it('journals a queued delivery that is runnable at once', async () => {
                const delivery = await enqueue('c1', 1);
                expect(delivery).toMatchObject({
                    tenant: 'acme',
                    conversationId: 'c1',
                    contentHash: 'hash-1',
                    payload: payload(1),
                    status: 'queued',
                    attempts: 0,
                    lastError: null,
                    result: null,
                    checkpoint: null,
                    kind: 'conversation',
                    parentId: null,
                    redrivenAt: null,
                });
                expect(delivery.id).toMatch(/^[0-9a-f-]{36}$/);
                expect(delivery.runAt).toEqual(clock.now());
                expect(delivery.createdAt).toEqual(clock.now());
                expect(delivery.created).toBe(true);
                expect(await store.get(delivery.id)).toEqual(stored(delivery));
            });

            it('is durable: a new store instance on the same database sees and claims it', async () => {
                const delivery = await enqueue('c1', 1);
                await store.close();
                const reopened = await openStore();
                expect(await reopened.get(delivery.id)).toEqual(stored(delivery));
                const leases = await claimAll(reopened);
                expect(leases.map((lease) => lease.delivery.id)).toEqual([delivery.id]);
            });

            it("keeps a job's kind and parent, and lists the jobs of a parent", async () => {
                const parent = await enqueue('c1', 1);
                const job = await store.enqueue({
                    tenant: 'acme',
                    conversationId: 'c1/media/m1',
                    contentHash: 'media:m1',
                    payload: payload(2),
                    kind: 'media',
                    parentId: parent.id,
                    now: clock.now(),
                });
                await enqueue('c2', 3);
                expect(await store.get(job.id)).toMatchObject({
                    kind: 'media',
                    parentId: parent.id,
                });
                expect((await store.list({ parentId: parent.id })).map((d) => d.id)).toEqual([
                    job.id,
                ]);
            });

            it('absorbs a repeat while the same delivery is queued or running, not once it is done', async () => {
                const first = await enqueue('c1', 1);
                clock.advance(1_000);
                const repeat = await enqueue('c1', 1);
                expect(repeat).toEqual({ ...first, created: false });

                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                const whileRunning = await enqueue('c1', 1);
                expect(whileRunning).toMatchObject({
                    id: first.id,
                    status: 'running',
                    created: false,
                });
                expect(await store.list()).toHaveLength(1);

                await store.complete(first.id, lease.token, {}, { lastHash: 'hash-1', result: {} });
                const afterDone = await enqueue('c1', 1);
                expect(afterDone).toMatchObject({ status: 'queued', created: true });
                expect(afterDone.id).not.toBe(first.id);
                expect(await store.counts()).toEqual({
                    queued: 1,
                    running: 0,
                    done: 1,
                    dead: 0,
                    refused: 0,
                });
            });

            it('does not absorb a repeat into a dead delivery', async () => {
                const first = await enqueue('c1', 1);
                const [lease] = await claimAll();
                await store.kill(first.id, (lease as Lease).token, {
                    error: failure('Lime answered 403'),
                });
                const repeat = await enqueue('c1', 1);
                expect(repeat).toMatchObject({ status: 'queued', created: true });
                expect(repeat.id).not.toBe(first.id);
            });

            it('absorbs only the same tenant, conversation, content and kind', async () => {
                const first = await enqueue('c1', 1);
                const others = [
                    await enqueue('c1', 1, store, 'globex'),
                    await enqueue('c2', 1),
                    await enqueue('c1', 2),
                    await store.enqueue({
                        tenant: 'acme',
                        conversationId: 'c1',
                        contentHash: 'hash-1',
                        payload: payload(1),
                        kind: 'media',
                    }),
                ];
                expect(others.map((d) => d.created)).toEqual([true, true, true, true]);
                expect(new Set([first.id, ...others.map((d) => d.id)]).size).toBe(5);
            });

            it('keeps arrival order: only the newest unfinished delivery of the conversation absorbs a repeat', async () => {
                const a = await enqueue('c1', 1);
                const b = await enqueue('c1', 2);
                // A repeat of `a` after `b`: absorbed into `a`, it would be written before `b`, and the
                // conversation would end with `b`'s content although `a`'s arrived last.
                const c = await enqueue('c1', 1);
                expect(c.created).toBe(true);
                expect(await enqueue('c1', 1)).toMatchObject({ id: c.id, created: false });
                expect(await enqueue('c1', 2)).toMatchObject({ created: true });

                const order: string[] = [];
                for (;;) {
                    const leases = await claimAll();
                    if (leases.length === 0) break;
                    for (const lease of leases) {
                        order.push(lease.delivery.id);
                        await store.complete(lease.delivery.id, lease.token, {});
                    }
                }
                expect(order.slice(0, 3)).toEqual([a.id, b.id, c.id]);
                expect(order).toHaveLength(4);
            });

            it('makes one delivery when several instances enqueue the same content at once', async () => {
                const instances = [store, await openStore(), await openStore()];
                for (let round = 0; round < 5; round++) {
                    const conversationId = `same-${round}`;
                    const results = await Promise.all(
                        instances.flatMap((instance) =>
                            [1, 2, 3].map(() => enqueue(conversationId, 1, instance))
                        )
                    );
                    expect(new Set(results.map((d) => d.id)).size).toBe(1);
                    expect(results.filter((d) => d.created)).toHaveLength(1);
                }
                expect(await store.counts()).toMatchObject({ queued: 5 });
            });
        });

        describe('claim', () => {
            it('leases the oldest runnable deliveries first and counts the attempt', async () => {
                const a = await enqueue('a');
                const b = await enqueue('b');
                const c = await enqueue('c');
                const leases = await store.claim({ workerId: 'w1', leaseMs: LEASE_MS, limit: 2 });
                expect(leases.map((lease) => lease.delivery.id)).toEqual([a.id, b.id]);
                for (const lease of leases) {
                    expect(lease.delivery.status).toBe('running');
                    expect(lease.delivery.attempts).toBe(1);
                    expect(lease.token).toEqual(expect.any(String));
                }
                expect(leases[0]?.token).not.toBe(leases[1]?.token);
                expect((await claimAll()).map((lease) => lease.delivery.id)).toEqual([c.id]);
                expect(await claimAll()).toEqual([]);
            });

            it('claims one delivery per conversation at a time, in arrival order', async () => {
                const a1 = await enqueue('a', 1);
                const a2 = await enqueue('a', 2);
                const b1 = await enqueue('b', 1);
                const a3 = await enqueue('a', 3);

                const first = await claimAll();
                expect(first.map((lease) => lease.delivery.id)).toEqual([a1.id, b1.id]);
                expect(await claimAll()).toEqual([]);

                const leaseA1 = first[0] as Lease;
                expect(await store.complete(leaseA1.delivery.id, leaseA1.token, { ok: 1 })).toBe(
                    true
                );
                expect((await claimAll()).map((lease) => lease.delivery.id)).toEqual([a2.id]);
                expect(await claimAll()).toEqual([]);
                expect((await store.get(a3.id))?.status).toBe('queued');
            });

            it('keeps tenants apart: the same conversation id of another tenant is not blocked', async () => {
                const mine = await enqueue('c1', 1, store, 'acme');
                const theirs = await enqueue('c1', 1, store, 'globex');
                const leases = await claimAll();
                expect(leases.map((lease) => lease.delivery.id)).toEqual([mine.id, theirs.id]);
            });

            it('claims only the given tenants, and leaves the others as they are', async () => {
                const removed = await enqueue('c1', 1, store, 'globex');
                const kept = await enqueue('c2', 1, store, 'acme');
                const only = (tenants: string[]) =>
                    store.claim({ workerId: 'w', leaseMs: LEASE_MS, limit: 50, tenants });
                expect(await only([])).toEqual([]);
                expect((await only(['acme', 'initech'])).map((l) => l.delivery.id)).toEqual([
                    kept.id,
                ]);
                clock.advance(LEASE_MS + 1);
                expect(await store.get(removed.id)).toMatchObject({
                    status: 'queued',
                    attempts: 0,
                });
                // An expired lease of a tenant not asked for is not taken over either.
                expect((await only(['globex'])).map((l) => l.delivery.id)).toEqual([removed.id]);
                expect(await store.get(kept.id)).toMatchObject({ status: 'running', attempts: 1 });
                expect((await only(['acme'])).map((l) => l.delivery.id)).toEqual([kept.id]);
            });

            it('does not claim a delivery whose runAt is in the future', async () => {
                await enqueue('c1');
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                await store.retry(lease.delivery.id, lease.token, {
                    runAt: new Date(clock.now().getTime() + 5_000),
                    error: failure('Lime answered 503'),
                });
                clock.advance(4_999);
                expect(await claimAll()).toEqual([]);
                clock.advance(1);
                expect((await claimAll()).map((l) => l.delivery.id)).toEqual([lease.delivery.id]);
            });

            it('serialises each conversation under many concurrent enqueues and claimers', async () => {
                const instances = [store, await openStore(), await openStore()];
                const conversations = ['x', 'y', 'z'];
                const perProducer = 8;
                // Each instance enqueues its own sequence for every conversation, all instances at once.
                const produced = await Promise.all(
                    instances.map(async (instance, producer) => {
                        const ids: { conversation: string; id: string; producer: number }[] = [];
                        for (let n = 0; n < perProducer; n++) {
                            await Promise.all(
                                conversations.map(async (conversation) => {
                                    // Content of its own: a repeat of another producer's would be absorbed.
                                    const delivery = await enqueue(
                                        conversation,
                                        producer * 100 + n,
                                        instance
                                    );
                                    ids.push({ conversation, id: delivery.id, producer });
                                })
                            );
                        }
                        return ids;
                    })
                );
                const all = produced.flat();
                expect(all).toHaveLength(instances.length * conversations.length * perProducer);

                // Claimers on every instance race; a conversation must never have two leases out.
                const running = new Map<string, string>();
                const processed: string[] = [];
                let idle = 0;
                while (processed.length < all.length && idle < 50) {
                    const batches = await Promise.all(
                        instances.map((instance) =>
                            instance.claim({ workerId: 'race', leaseMs: LEASE_MS, limit: 10 })
                        )
                    );
                    const leases = batches.flat();
                    idle = leases.length === 0 ? idle + 1 : 0;
                    for (const lease of leases) {
                        const key = lease.delivery.conversationId;
                        expect(
                            running.get(key),
                            `two leases on conversation ${key}`
                        ).toBeUndefined();
                        running.set(key, lease.delivery.id);
                    }
                    await Promise.all(
                        leases.map(async (lease, index) => {
                            const finisher = instances[index % instances.length] as DeliveryStore;
                            running.delete(lease.delivery.conversationId);
                            processed.push(lease.delivery.id);
                            expect(
                                await finisher.complete(lease.delivery.id, lease.token, {})
                            ).toBe(true);
                        })
                    );
                }

                expect([...processed].sort()).toEqual(all.map((entry) => entry.id).sort());
                // Arrival order: what one producer enqueued for one conversation is processed in that order.
                const position = new Map(processed.map((id, index) => [id, index]));
                for (const producer of instances.keys()) {
                    for (const conversation of conversations) {
                        const sequence = all
                            .filter(
                                (e) => e.producer === producer && e.conversation === conversation
                            )
                            .map((e) => position.get(e.id) as number);
                        expect(sequence).toEqual([...sequence].sort((p, q) => p - q));
                    }
                }
            });

            it('rejects a non-positive limit or lease', async () => {
                await expect(
                    store.claim({ workerId: 'w', leaseMs: LEASE_MS, limit: 0 })
                ).rejects.toThrow(/limit/);
                await expect(store.claim({ workerId: 'w', leaseMs: 0, limit: 1 })).rejects.toThrow(
                    /leaseMs/
                );
            });
        });

        describe('leases', () => {
            it('expire when the worker dies, and the delivery is reclaimed with a new token', async () => {
                const delivery = await enqueue('c1');
                const [dead] = await claimAll();
                if (!dead) throw new Error('expected a lease');
                clock.advance(LEASE_MS - 1);
                expect(await claimAll()).toEqual([]);
                clock.advance(1);
                const [reclaimed] = await claimAll();
                expect(reclaimed?.delivery.id).toBe(delivery.id);
                expect(reclaimed?.delivery.attempts).toBe(2);
                expect(reclaimed?.token).not.toBe(dead.token);
            });

            it('a later delivery of the conversation waits behind an expired lease until it is reclaimed', async () => {
                await enqueue('c1', 1);
                const second = await enqueue('c1', 2);
                const [first] = await claimAll();
                if (!first) throw new Error('expected a lease');
                clock.advance(LEASE_MS);
                const reclaimed = await claimAll();
                expect(reclaimed.map((lease) => lease.delivery.id)).toEqual([first.delivery.id]);
                const lease = reclaimed[0] as Lease;
                await store.complete(lease.delivery.id, lease.token, {});
                expect((await claimAll()).map((l) => l.delivery.id)).toEqual([second.id]);
            });

            it('reject every change made with a stale token', async () => {
                await enqueue('c1');
                const [stale] = await claimAll();
                if (!stale) throw new Error('expected a lease');
                clock.advance(LEASE_MS);
                const [current] = await claimAll();
                if (!current) throw new Error('expected a lease');
                const id = stale.delivery.id;

                expect(await store.extend(id, stale.token, LEASE_MS)).toBe(false);
                expect(await store.saveCheckpoint(id, stale.token, { step: 1 })).toBe(false);
                expect(
                    await store.complete(
                        id,
                        stale.token,
                        { url: 'x' },
                        { lastHash: 'h', result: {} }
                    )
                ).toBe(false);
                expect(
                    await store.retry(id, stale.token, { runAt: clock.now(), error: failure('e') })
                ).toBe(false);
                expect(await store.kill(id, stale.token, { error: failure('e') })).toBe(false);
                expect(await store.getConversation('acme', 'c1')).toBeNull();
                expect(await store.get(id)).toMatchObject({
                    status: 'running',
                    checkpoint: null,
                    attempts: 2,
                });

                expect(await store.complete(id, current.token, { url: 'y' })).toBe(true);
                // A finished delivery accepts no further change, not even with its last token.
                expect(await store.kill(id, current.token, { error: failure('late') })).toBe(false);
                expect(await store.get(id)).toMatchObject({ status: 'done', result: { url: 'y' } });
            });

            it('can be extended so a slow worker keeps its delivery', async () => {
                await enqueue('c1');
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                clock.advance(LEASE_MS - 1_000);
                expect(await store.extend(lease.delivery.id, lease.token, LEASE_MS)).toBe(true);
                clock.advance(LEASE_MS - 1);
                expect(await claimAll()).toEqual([]);
                clock.advance(1);
                expect(await claimAll()).toHaveLength(1);
            });

            it('keep the checkpoint for the next attempt', async () => {
                await enqueue('c1');
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                const checkpoint = { objectId: 1001, notes: [1, 2] };
                expect(await store.saveCheckpoint(lease.delivery.id, lease.token, checkpoint)).toBe(
                    true
                );
                clock.advance(LEASE_MS);
                const [next] = await claimAll();
                expect(next?.delivery.checkpoint).toEqual(checkpoint);
            });
        });

        describe('retry, dead-letter and redrive', () => {
            it('retry with refundAttempt hands the delivery back without counting the attempt', async () => {
                const delivery = await enqueue('c1', 1);
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                expect(lease.delivery.attempts).toBe(1);
                expect(
                    await store.retry(delivery.id, lease.token, {
                        runAt: clock.now(),
                        error: failure('The worker stopped before the delivery finished.'),
                        refundAttempt: true,
                    })
                ).toBe(true);
                expect(await store.get(delivery.id)).toMatchObject({
                    status: 'queued',
                    attempts: 0,
                });
                const [again] = await claimAll();
                expect(again?.delivery).toMatchObject({ id: delivery.id, attempts: 1 });
            });

            it('retry queues the delivery again at runAt with the error, and holds the conversation', async () => {
                const first = await enqueue('c1', 1);
                const second = await enqueue('c1', 2);
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                const runAt = new Date(clock.now().getTime() + 60_000);
                const unavailable: ErrorReport = {
                    status: 503,
                    code: 'lime_unavailable',
                    message: 'Lime answered 503',
                    retryable: true,
                    lime: { status: 503, message: 'Service Unavailable' },
                };
                expect(
                    await store.retry(lease.delivery.id, lease.token, {
                        runAt,
                        error: unavailable,
                    })
                ).toBe(true);
                expect(await store.get(first.id)).toMatchObject({
                    status: 'queued',
                    runAt,
                    attempts: 1,
                });
                // The error is kept whole, Lime's answer included.
                expect((await store.get(first.id))?.lastError).toEqual(unavailable);
                // Strict FIFO: the later delivery does not overtake the one waiting to retry.
                expect(await claimAll()).toEqual([]);
                clock.advance(60_000);
                const [again] = await claimAll();
                expect(again?.delivery).toMatchObject({ id: first.id, attempts: 2 });
                await store.complete(first.id, (again as Lease).token, {});
                expect(await store.get(first.id)).toMatchObject({
                    status: 'done',
                    lastError: null,
                });
                expect((await claimAll()).map((l) => l.delivery.id)).toEqual([second.id]);
            });

            it('kill dead-letters with the error, and later deliveries of the conversation go on', async () => {
                const first = await enqueue('c1', 1);
                const second = await enqueue('c1', 2);
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                const gaveUp: ErrorReport = {
                    ...failure('no matching topic'),
                    gaveUp: 'gave up after 5 attempts (limit 5)',
                };
                expect(await store.kill(first.id, lease.token, { error: gaveUp })).toBe(true);
                expect(await store.get(first.id)).toMatchObject({ status: 'dead' });
                expect((await store.get(first.id))?.lastError).toEqual(gaveUp);
                expect((await claimAll()).map((l) => l.delivery.id)).toEqual([second.id]);
                expect(await store.counts()).toEqual({
                    queued: 0,
                    running: 1,
                    done: 0,
                    dead: 1,
                    refused: 0,
                });
            });

            it('redrive by id queues a dead delivery again with attempts reset', async () => {
                const delivery = await enqueue('c1');
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                await store.kill(delivery.id, lease.token, { error: failure('Lime answered 403') });
                clock.advance(1_000);
                expect(await store.redrive({ id: delivery.id })).toBe(1);
                expect(await store.get(delivery.id)).toMatchObject({
                    status: 'queued',
                    attempts: 0,
                    runAt: clock.now(),
                    redrivenAt: clock.now(),
                });
                expect(await store.redrive({ id: delivery.id })).toBe(0);
                const [again] = await claimAll();
                expect(again?.delivery).toMatchObject({ id: delivery.id, attempts: 1 });
            });

            it('redrive allDead queues every dead delivery and nothing else', async () => {
                const ids: string[] = [];
                for (const conversation of ['a', 'b', 'c']) {
                    ids.push((await enqueue(conversation)).id);
                }
                const leases = await claimAll();
                await store.kill(ids[0] as string, (leases[0] as Lease).token, {
                    error: failure('x'),
                });
                await store.kill(ids[1] as string, (leases[1] as Lease).token, {
                    error: failure('x'),
                });
                await store.complete(ids[2] as string, (leases[2] as Lease).token, {});
                expect(await store.redrive({ allDead: true })).toBe(2);
                expect(await store.counts()).toEqual({
                    queued: 2,
                    running: 0,
                    done: 1,
                    dead: 0,
                    refused: 0,
                });
                expect(await store.redrive({ id: 'no-such-id' })).toBe(0);
            });

            it('a redriven delivery waits while a newer delivery of its conversation holds a live lease', async () => {
                const old = await enqueue('c1', 1);
                const [oldLease] = await claimAll();
                await store.kill(old.id, (oldLease as Lease).token, { error: failure('x') });
                const newer = await enqueue('c1', 2);
                const [newerLease] = await claimAll();
                expect(newerLease?.delivery.id).toBe(newer.id);
                await store.redrive({ id: old.id });
                expect(await claimAll()).toEqual([]);
                await store.complete(newer.id, (newerLease as Lease).token, {});
                expect((await claimAll()).map((l) => l.delivery.id)).toEqual([old.id]);
            });

            it('refuse records why, is final, lets the conversation go on, and is never redriven', async () => {
                const first = await enqueue('c1', 1);
                const second = await enqueue('c1', 2);
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                expect(
                    await store.refuse(first.id, lease.token, {
                        error: failure('no topic', 422, 'no_matching_instance'),
                    })
                ).toBe(true);
                expect(await store.get(first.id)).toMatchObject({
                    status: 'refused',
                    lastError: failure('no topic', 422, 'no_matching_instance'),
                });
                expect(await store.refuse(first.id, lease.token, { error: failure('again') })).toBe(
                    false
                );
                expect((await claimAll()).map((l) => l.delivery.id)).toEqual([second.id]);
                expect(await store.counts()).toEqual({
                    queued: 0,
                    running: 1,
                    done: 0,
                    dead: 0,
                    refused: 1,
                });
                expect(await store.redrive({ allDead: true })).toBe(0);
                expect(await store.redrive({ id: first.id })).toBe(0);
                expect((await store.list({ status: 'refused' })).map((d) => d.id)).toEqual([
                    first.id,
                ]);
                expect(await store.get(first.id)).toMatchObject({ status: 'refused' });
            });

            it('redrive needs an id or allDead', async () => {
                await expect(store.redrive({} as never)).rejects.toThrow(/id or allDead/);
            });
        });

        describe('completion and conversation state', () => {
            it('records the result and the conversation state together', async () => {
                const delivery = await enqueue('c1', 1);
                expect(await store.getConversation('acme', 'c1')).toBeNull();
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                const result = {
                    url: 'https://lime.example/client/object/helpdesk/1001',
                    objectId: 1001,
                };
                expect(
                    await store.complete(delivery.id, lease.token, result, {
                        lastHash: 'hash-1',
                        result,
                    })
                ).toBe(true);
                expect(await store.get(delivery.id)).toMatchObject({ status: 'done', result });
                expect(await store.getConversation('acme', 'c1')).toEqual({
                    tenant: 'acme',
                    conversationId: 'c1',
                    lastHash: 'hash-1',
                    result,
                    updatedAt: clock.now(),
                });
                expect(await store.getConversation('globex', 'c1')).toBeNull();
            });

            it('overwrites the conversation state with each completion, and leaves it alone without one', async () => {
                for (const n of [1, 2, 3]) {
                    const delivery = await enqueue('c1', n);
                    const [lease] = await claimAll();
                    if (!lease) throw new Error('expected a lease');
                    const conversation =
                        n === 3 ? undefined : { lastHash: `hash-${n}`, result: { n } };
                    await store.complete(delivery.id, lease.token, { n }, conversation);
                }
                expect(await store.getConversation('acme', 'c1')).toMatchObject({
                    lastHash: 'hash-2',
                    result: { n: 2 },
                });
            });

            it('journals a repeat of what was last written as done at once with resultIfUnchanged', async () => {
                const first = await enqueue('c1', 1);
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                await store.complete(
                    first.id,
                    lease.token,
                    { url: 'u' },
                    {
                        lastHash: 'hash-1',
                        result: { url: 'u' },
                    }
                );
                const repeat = (n: number) =>
                    store.enqueue({
                        tenant: 'acme',
                        conversationId: 'c1',
                        contentHash: `hash-${n}`,
                        payload: payload(n),
                        resultIfUnchanged: (written) => ({
                            ...(written as object),
                            duplicate: true,
                        }),
                    });

                const unchanged = await repeat(1);
                expect(unchanged).toMatchObject({
                    created: true,
                    status: 'done',
                    attempts: 0,
                    result: { url: 'u', duplicate: true },
                    payload: null,
                });
                // Stored as answered: no payload (nothing runs it), the whole delivery as enqueue said.
                const { created: _created, ...stored } = unchanged;
                expect(await store.get(unchanged.id)).toEqual(stored);
                expect(await claimAll()).toEqual([]);

                // A change, and a repeat of the last written content queued behind it, both wait their turn.
                const changed = await repeat(2);
                const behind = await repeat(1);
                expect([changed.status, behind.status]).toEqual(['queued', 'queued']);
                expect([changed.payload, behind.payload]).toEqual([payload(2), payload(1)]);
                expect(behind.id).not.toBe(changed.id);
            });

            it('returns null for an unknown delivery', async () => {
                expect(await store.get('00000000-0000-0000-0000-000000000000')).toBeNull();
            });
        });

        describe('list, counts and purge', () => {
            it('lists newest first, filtered by status and tenant, with paging', async () => {
                const a = await enqueue('a', 1, store, 'acme');
                const b = await enqueue('b', 1, store, 'globex');
                const c = await enqueue('c', 1, store, 'acme');
                const [lease] = await store.claim({ workerId: 'w', leaseMs: LEASE_MS, limit: 1 });
                await store.kill(a.id, (lease as Lease).token, { error: failure('x') });

                const ids = (list: { id: string }[]) => list.map((d) => d.id);
                expect(ids(await store.list())).toEqual([c.id, b.id, a.id]);
                expect(ids(await store.list({ tenant: 'acme' }))).toEqual([c.id, a.id]);
                expect(ids(await store.list({ status: 'dead' }))).toEqual([a.id]);
                expect(ids(await store.list({ status: 'queued', tenant: 'acme' }))).toEqual([c.id]);
                expect(ids(await store.list({ limit: 1, offset: 1 }))).toEqual([b.id]);
                expect(await store.counts()).toEqual({
                    queued: 2,
                    running: 0,
                    done: 0,
                    dead: 1,
                    refused: 0,
                });
            });

            it('counts the unfinished deliveries of each tenant', async () => {
                expect(await store.unfinishedByTenant()).toEqual({});
                const a = await enqueue('a', 1, store, 'acme');
                await enqueue('b', 1, store, 'acme');
                await enqueue('c', 1, store, 'globex');
                const [lease] = await store.claim({
                    workerId: 'w',
                    leaseMs: LEASE_MS,
                    limit: 1,
                    tenants: ['acme'],
                });
                expect(lease?.delivery.id).toBe(a.id);
                expect(await store.unfinishedByTenant()).toEqual({ acme: 2, globex: 1 });
                await store.complete(a.id, (lease as Lease).token, {});
                expect(await store.unfinishedByTenant()).toEqual({ acme: 1, globex: 1 });
            });

            it('purge deletes only final deliveries last changed before the cutoff', async () => {
                const oldDone = await enqueue('a');
                const oldDead = await enqueue('b');
                const oldRefused = await enqueue('e');
                const stillQueued = await enqueue('c', 1);
                const waiting = await enqueue('c', 2);
                const leases = await store.claim({ workerId: 'w', leaseMs: LEASE_MS, limit: 3 });
                await store.complete(oldDone.id, (leases[0] as Lease).token, {});
                await store.kill(oldDead.id, (leases[1] as Lease).token, { error: failure('x') });
                await store.refuse(oldRefused.id, (leases[2] as Lease).token, {
                    error: failure('x'),
                });
                clock.advance(60_000);
                const cutoff = clock.now();
                clock.advance(1);
                const recent = await enqueue('d');
                const [recentLease] = await store.claim({
                    workerId: 'w',
                    leaseMs: LEASE_MS,
                    limit: 1,
                });
                // stillQueued ('c', 1) is older, so it is the one claimed; complete it as a recent done row.
                expect(recentLease?.delivery.id).toBe(stillQueued.id);
                await store.complete(stillQueued.id, (recentLease as Lease).token, {});

                expect(await store.purge({ olderThan: cutoff })).toEqual({ deliveries: 3 });
                expect(await store.get(oldRefused.id)).toBeNull();
                expect(await store.get(oldDone.id)).toBeNull();
                expect(await store.get(oldDead.id)).toBeNull();
                expect(await store.get(stillQueued.id)).not.toBeNull();
                expect(await store.get(waiting.id)).not.toBeNull();
                expect(await store.get(recent.id)).not.toBeNull();
                expect(await store.purge({ olderThan: cutoff })).toEqual({ deliveries: 0 });
            });

            it('purge deletes batch after batch until no old final delivery is left', async () => {
                const batched = await openStore({ purgeBatchSize: 2 });
                const ids: string[] = [];
                for (let n = 0; n < 5; n++) ids.push((await enqueue(`c${n}`)).id);
                const unfinished = await enqueue('c0', 1);
                for (const lease of await claimAll()) {
                    await store.complete(lease.delivery.id, lease.token, {});
                }
                clock.advance(1);
                expect(await batched.purge({ olderThan: clock.now() })).toEqual({ deliveries: 5 });
                expect((await store.list()).map((d) => d.id)).toEqual([unfinished.id]);
            });
        });

        describe('erase', () => {
            const ERASED = failure('erased on request', 410, 'erased');
            /** A conversation payload of this contact (what Userlike posts, cut down). */
            const contactPayload = (id: number, contact: Record<string, unknown>) =>
                JSON.stringify({ id, contact, transcript: [{ body: 'my address is …' }] });
            async function enqueueFor(
                conversationId: string,
                contact: Record<string, unknown>,
                n = 0,
                tenant = 'acme'
            ) {
                return store.enqueue({
                    tenant,
                    conversationId,
                    contentHash: `hash-${n}`,
                    payload: contactPayload(n, contact),
                });
            }
            async function enqueueJob(conversationId: string, parentId: string, messageId = 'm1') {
                return store.enqueue({
                    tenant: 'acme',
                    conversationId: `${conversationId}/media/${messageId}`,
                    contentHash: `media:${messageId}`,
                    payload: JSON.stringify({
                        url: 'https://userlike.example/f.pdf',
                        fileName: 'cv.pdf',
                    }),
                    kind: 'media',
                    parentId,
                });
            }
            async function completeNext(result: unknown, lastHash: string) {
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                await store.saveCheckpoint(lease.delivery.id, lease.token, { since: 'x' });
                await store.complete(lease.delivery.id, lease.token, result, { lastHash, result });
                return lease.delivery.id;
            }

            it("clears a conversation's personal data and its jobs', and keeps what idempotency needs", async () => {
                const sent = await enqueueFor('c1', { id: 7, email: 'ann@example.com' }, 1);
                const result = {
                    url: 'https://lime.example/client/object/helpdesk/1',
                    objectId: 1,
                };
                await completeNext(result, 'hash-1');
                const job = await enqueueJob('c1', sent.id);
                const other = await enqueueFor('c2', { id: 8 }, 1);
                const otherTenant = await enqueueFor('c1', { id: 7 }, 1, 'globex');
                const similar = await enqueueFor('c10', { id: 9 }, 1);
                clock.advance(5_000);

                expect(
                    await store.erase({
                        tenant: 'acme',
                        match: { conversationId: 'c1' },
                        lastError: ERASED,
                    })
                ).toEqual({
                    conversations: 1,
                    deliveries: 1,
                    mediaJobs: 1,
                    cancelled: 1,
                    interrupted: 0,
                });
                expect(await store.get(sent.id)).toMatchObject({
                    tenant: 'acme',
                    conversationId: 'c1',
                    contentHash: 'hash-1',
                    status: 'done',
                    result,
                    lastError: null,
                    payload: null,
                    checkpoint: null,
                    erasedAt: clock.now(),
                    updatedAt: clock.now(),
                });
                expect(await store.get(job.id)).toMatchObject({
                    kind: 'media',
                    status: 'dead',
                    payload: null,
                    lastError: ERASED,
                    erasedAt: clock.now(),
                });
                // The duplicate check still knows what was written, and where.
                expect(await store.getConversation('acme', 'c1')).toMatchObject({
                    lastHash: 'hash-1',
                    result,
                });
                for (const untouched of [other, otherTenant, similar])
                    expect(await store.get(untouched.id)).toMatchObject({
                        payload: untouched.payload,
                        erasedAt: null,
                    });
                // Nothing is left to erase.
                expect(
                    await store.erase({
                        tenant: 'acme',
                        match: { conversationId: 'c1' },
                        lastError: ERASED,
                    })
                ).toMatchObject({ conversations: 0, deliveries: 0, mediaJobs: 0 });
            });

            it('stops a queued delivery for good: dead, never claimed, never redriven', async () => {
                const queued = await enqueueFor('c1', { email: 'ann@example.com' }, 1);
                const behind = await enqueueFor('c1', { email: 'ann@example.com' }, 2);
                const result = await store.erase({
                    tenant: 'acme',
                    match: { contactEmail: 'ann@example.com' },
                    lastError: ERASED,
                });
                expect(result).toMatchObject({ deliveries: 2, cancelled: 2, interrupted: 0 });
                for (const id of [queued.id, behind.id])
                    expect(await store.get(id)).toMatchObject({
                        status: 'dead',
                        lastError: ERASED,
                        payload: null,
                    });
                expect(await claimAll()).toEqual([]);
                expect(await store.redrive({ allDead: true })).toBe(0);
                expect(await store.redrive({ id: queued.id })).toBe(0);
                expect(await store.counts()).toMatchObject({ queued: 0, dead: 2 });
                // A later send of the conversation is journaled and runs as usual.
                const later = await enqueueFor('c1', { email: 'ann@example.com' }, 3);
                expect((await claimAll()).map((lease) => lease.delivery.id)).toEqual([later.id]);
            });

            it("revokes a running delivery's lease: its worker can record nothing", async () => {
                const running = await enqueueFor('c1', { id: 7 }, 1);
                const [lease] = await claimAll();
                if (!lease) throw new Error('expected a lease');
                expect(
                    await store.erase({
                        tenant: 'acme',
                        match: { contactId: '7' },
                        lastError: ERASED,
                    })
                ).toMatchObject({ deliveries: 1, cancelled: 0, interrupted: 1 });
                expect(await store.extend(running.id, lease.token, LEASE_MS)).toBe(false);
                expect(await store.saveCheckpoint(running.id, lease.token, { x: 1 })).toBe(false);
                expect(
                    await store.complete(
                        running.id,
                        lease.token,
                        { url: 'u' },
                        {
                            lastHash: 'hash-1',
                            result: {},
                        }
                    )
                ).toBe(false);
                expect(
                    await store.retry(running.id, lease.token, {
                        runAt: clock.now(),
                        error: failure('e'),
                    })
                ).toBe(false);
                expect(await store.get(running.id)).toMatchObject({
                    status: 'dead',
                    payload: null,
                    checkpoint: null,
                    lastError: ERASED,
                });
                expect(await store.getConversation('acme', 'c1')).toBeNull();
                // Nor can it queue a job of the erased delivery, which would bring its data back.
                await expect(enqueueJob('c1', running.id)).rejects.toThrow(/was erased on request/);
            });

            it('never leaves a job of an erased delivery behind, however an erase and its enqueue meet', async () => {
                const other = await openStore();
                for (let round = 0; round < 10; round++) {
                    const conversationId = `race-${round}`;
                    const parent = await enqueueFor(conversationId, { id: 7 }, round);
                    const [erased, job] = await Promise.allSettled([
                        store.erase({
                            tenant: 'acme',
                            match: { conversationId },
                            lastError: ERASED,
                        }),
                        other.enqueue({
                            tenant: 'acme',
                            conversationId: `${conversationId}/media/m1`,
                            contentHash: 'media:m1',
                            payload: JSON.stringify({ fileName: 'cv.pdf' }),
                            kind: 'media',
                            parentId: parent.id,
                        }),
                    ]);
                    expect(erased.status).toBe('fulfilled');
                    if (job.status === 'rejected') {
                        expect(String(job.reason)).toMatch(/was erased on request/);
                    } else {
                        // Enqueued first: the erase found and erased it.
                        expect(await store.get(job.value.id)).toMatchObject({
                            payload: null,
                            status: 'dead',
                        });
                    }
                }
            });

            it('finds every conversation of a contact, by id or email, earlier sends without them included', async () => {
                // c1: the contact gave their email only in the second send.
                const early = await enqueueFor('c1', { id: 7, name: 'Ann' }, 1);
                const late = await enqueueFor('c1', { id: 7, email: ' Ann@Example.COM ' }, 2);
                const second = await enqueueFor('c2', { id: '7', email: 'ann@example.com' }, 1);
                const stranger = await enqueueFor('c3', { id: 70, email: 'anna@example.com' }, 1);
                const noContact = await store.enqueue({
                    tenant: 'acme',
                    conversationId: 'c4',
                    contentHash: 'h',
                    payload: JSON.stringify({ id: 4, contact: null }),
                });
                const elsewhere = await enqueueFor(
                    'c5',
                    { id: 7, email: 'ann@example.com' },
                    1,
                    'globex'
                );

                expect(
                    await store.erase({
                        tenant: 'acme',
                        match: { contactEmail: 'ANN@example.com' },
                        lastError: ERASED,
                    })
                ).toMatchObject({ conversations: 2, deliveries: 3 });
                for (const erased of [early, late, second])
                    expect((await store.get(erased.id))?.payload).toBeNull();
                for (const kept of [stranger, noContact, elsewhere])
                    expect((await store.get(kept.id))?.payload).toBe(kept.payload);

                const byId = await enqueueFor('c6', { id: 70 }, 1);
                expect(
                    await store.erase({
                        tenant: 'acme',
                        match: { contactId: '70' },
                        lastError: ERASED,
                    })
                ).toMatchObject({ conversations: 2, deliveries: 2 });
                expect((await store.get(byId.id))?.payload).toBeNull();
                expect((await store.get(stranger.id))?.payload).toBeNull();
                expect((await store.get(elsewhere.id))?.payload).toBe(elsewhere.payload);
            });
        });

        describe('rate slots', () => {
            it('grants up to limit requests per sliding window, then says how long to wait', async () => {
                const input = { limit: 3, windowMs: 1_000 };
                expect(await store.takeRateSlot('lime:acme', input)).toBe(0);
                clock.advance(100);
                expect(await store.takeRateSlot('lime:acme', input)).toBe(0);
                expect(await store.takeRateSlot('lime:acme', input)).toBe(0);
                expect(await store.takeRateSlot('lime:acme', input)).toBe(900);
                // A refusal records nothing: the wait does not grow.
                expect(await store.takeRateSlot('lime:acme', input)).toBe(900);
                expect(await store.takeRateSlot('lime:other', input)).toBe(0);
                clock.advance(900);
                expect(await store.takeRateSlot('lime:acme', input)).toBe(0);
                expect(await store.takeRateSlot('lime:acme', input)).toBe(100);
            });

            it('is shared between store instances', async () => {
                const other = await openStore();
                const input = { limit: 2, windowMs: 5_000 };
                expect(await store.takeRateSlot('k', input)).toBe(0);
                expect(await other.takeRateSlot('k', input)).toBe(0);
                expect(await store.takeRateSlot('k', input)).toBe(5_000);
                expect(await other.takeRateSlot('k', input)).toBe(5_000);
            });
        });

        describe('lifecycle', () => {
            it('migrate is idempotent and safe to run from several instances at once', async () => {
                const others = [await fixture.open({ clock }), await fixture.open({ clock })];
                opened.push(...others);
                await Promise.all([store.migrate(), ...others.map((other) => other.migrate())]);
                await store.migrate();
                const delivery = await enqueue('c1', 1, others[0]);
                expect(await others[1]?.get(delivery.id)).toEqual(stored(delivery));
            });

            it('ping resolves on an open store; after close calls reject and close is harmless', async () => {
                await expect(store.ping()).resolves.toBeUndefined();
                await store.close();
                await store.close();
                await expect(store.ping()).rejects.toThrow(/closed/);
                await expect(enqueue('c1')).rejects.toThrow(/closed/);
            });
        });
    });
}
