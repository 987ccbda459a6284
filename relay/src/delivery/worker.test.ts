import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelayError, type ErrorReport } from '../errors.ts';
import type { DeliveryStore, Lease } from './delivery-store.ts';
import { createManualClock, type ManualClock } from '../../test-support/manual-clock.ts';
import { createSqliteDeliveryStore } from './sqlite-delivery-store.ts';
import {
    createDeliveryWorker,
    LeaseLostError,
    type DeliveryWorker,
    type DeliveryWorkerOptions,
    type ProcessHelpers,
    type ProcessOutcome,
} from './worker.ts';

/** A marker that must never reach a log line (stands in for a message body). */
const SECRET_BODY = 'TOP-SECRET-MESSAGE-BODY';

class TransientError extends RelayError {
    readonly retryAfterMs: number | undefined;
    constructor(message: string, retryAfterMs?: number) {
        super(503, 'test_unavailable', message, { retryable: true });
        this.retryAfterMs = retryAfterMs;
    }
}

/** The last error a TransientError leaves (errors.ts, describeError). */
const transient = (message: string): ErrorReport => ({
    status: 503,
    code: 'test_unavailable',
    message,
    retryable: true,
});

/** The last error an unexpected Error leaves. */
const unexpected = (message: string): ErrorReport => ({
    status: 500,
    code: 'internal_error',
    message: `Error: ${message}`,
    retryable: true,
});

function classifyError(error: unknown) {
    return error instanceof TransientError
        ? { kind: 'retry' as const, retryAfterMs: error.retryAfterMs }
        : { kind: 'fatal' as const };
}

function createDeferred<T = void>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
}

async function waitUntil(
    condition: () => boolean | Promise<boolean>,
    what: string,
    timeoutMs = 5_000
) {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

describe('delivery worker', () => {
    let dir: string;
    let dbPath: string;
    let clock: ManualClock;
    let store: DeliveryStore;
    let stores: DeliveryStore[];
    let workers: DeliveryWorker[];
    let logLines: Record<string, unknown>[];
    let rawLog: string;

    const logger = () =>
        pino(
            { level: 'debug' },
            {
                write(line: string) {
                    rawLog += line;
                    logLines.push(JSON.parse(line) as Record<string, unknown>);
                },
            }
        );

    async function openStore(withClock: { now(): Date } = clock) {
        const instance = createSqliteDeliveryStore({ path: dbPath, clock: withClock });
        await instance.migrate();
        stores.push(instance);
        return instance;
    }

    function startWorker(
        process: (lease: Lease, helpers: ProcessHelpers) => Promise<ProcessOutcome>,
        overrides: Partial<DeliveryWorkerOptions> = {}
    ): DeliveryWorker {
        const worker = createDeliveryWorker({
            store,
            process,
            classifyError,
            logger: logger(),
            clock,
            pollMs: 20,
            leaseMs: 10_000,
            retry: { maxAttempts: 5, maxAgeMs: 3_600_000, baseMs: 1_000, maxMs: 60_000 },
            random: () => 0.5,
            ...overrides,
        });
        workers.push(worker);
        worker.start();
        return worker;
    }

    function enqueue(conversationId = 'c1', n = 0, target = store) {
        return target.enqueue({
            tenant: 'acme',
            conversationId,
            contentHash: `hash-${n}`,
            payload: JSON.stringify({ n, messages: [{ body: SECRET_BODY }] }),
        });
    }

    beforeEach(async () => {
        dir = mkdtempSync(join(tmpdir(), 'relay-worker-'));
        dbPath = join(dir, 'relay.sqlite');
        clock = createManualClock();
        stores = [];
        workers = [];
        logLines = [];
        rawLog = '';
        store = await openStore();
    });

    afterEach(async () => {
        for (const worker of workers) await worker.stop({ timeoutMs: 1_000 });
        for (const instance of stores) await instance.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it('processes a delivery, records result and conversation state, and logs ids but no payload', async () => {
        const seen: string[] = [];
        const worker = startWorker(async ({ delivery }) => {
            seen.push(delivery.payload ?? '');
            const result = { url: 'https://lime.example/client/object/helpdesk/1' };
            return { result, conversation: { lastHash: delivery.contentHash, result } };
        });
        const delivery = await enqueue('c1', 1);
        worker.wake();
        const done = await worker.waitFor(delivery.id, 5_000);
        expect(done).toMatchObject({
            status: 'done',
            attempts: 1,
            result: { url: 'https://lime.example/client/object/helpdesk/1' },
        });
        expect(seen).toEqual([delivery.payload]);
        expect(await store.getConversation('acme', 'c1')).toMatchObject({ lastHash: 'hash-1' });

        const aboutDelivery = logLines.filter((line) =>
            /^delivery (processing|done)/.test(String(line.msg))
        );
        expect(aboutDelivery.map((line) => line.msg)).toEqual([
            'delivery processing',
            'delivery done',
        ]);
        for (const line of aboutDelivery) expect(line.deliveryId).toBe(delivery.id);
        expect(rawLog).not.toContain(SECRET_BODY);
    });

    it('retries a transient failure no sooner than Retry-After, keeping the checkpoint, then succeeds', async () => {
        const checkpoints: unknown[] = [];
        const worker = startWorker(async (_lease, { delivery, saveCheckpoint }) => {
            checkpoints.push(delivery.checkpoint);
            if (delivery.attempts === 1) {
                await saveCheckpoint({ objectId: 1001 });
                throw new TransientError('Lime answered 503', 30_000);
            }
            return { result: { ok: true } };
        });
        const delivery = await enqueue();
        const failedAt = clock.now().getTime();
        worker.wake();
        // The worker logs the retry once its commit is on disk; another reader may see the row a moment before.
        await waitUntil(
            async () =>
                (await store.get(delivery.id))?.status === 'queued' &&
                checkpoints.length === 1 &&
                logLines.some((line) => line.msg === 'delivery failed; retry scheduled'),
            'the retry is scheduled'
        );
        expect(await store.get(delivery.id)).toMatchObject({
            status: 'queued',
            attempts: 1,
            lastError: transient('Lime answered 503'),
            runAt: new Date(failedAt + 30_000),
            checkpoint: { objectId: 1001 },
        });
        const retryLine = logLines.find((line) => line.msg === 'delivery failed; retry scheduled');
        expect(retryLine).toMatchObject({ deliveryId: delivery.id, retryInMs: 30_000 });

        // Not before runAt, however often the worker looks.
        clock.advance(29_999);
        worker.wake();
        expect(await worker.waitFor(delivery.id, 100)).toBeNull();
        clock.advance(1);
        worker.wake();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({
            status: 'done',
            attempts: 2,
            lastError: null,
        });
        expect(checkpoints).toEqual([null, { objectId: 1001 }]);
    });

    it('dead-letters a fatal error at once, keeping its message', async () => {
        const worker = startWorker(async () => {
            throw new Error('No instance matches the topic "Sales"');
        });
        const delivery = await enqueue();
        worker.wake();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({
            status: 'dead',
            attempts: 1,
            lastError: unexpected('No instance matches the topic "Sales"'),
        });
        expect(logLines.find((line) => line.level === 50)).toMatchObject({
            deliveryId: delivery.id,
        });
    });

    it('refuses a delivery that is not one to send: final, not dead, logged at info, onFailure told', async () => {
        const told: unknown[] = [];
        const worker = startWorker(
            async () => {
                throw new RelayError(422, 'filtered', 'the topic Spam is not sent');
            },
            {
                classifyError: () => ({ kind: 'refuse' }),
                onFailure: (_delivery, failure) => {
                    told.push({ final: failure.final, refused: failure.refused });
                },
            }
        );
        const delivery = await enqueue();
        worker.wake();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({
            status: 'refused',
            attempts: 1,
            lastError: {
                status: 422,
                code: 'filtered',
                message: 'the topic Spam is not sent',
                retryable: false,
            },
        });
        expect(told).toEqual([{ final: true, refused: true }]);
        expect(logLines.filter((line) => (line.level as number) >= 40)).toEqual([]);
        expect(
            logLines.find((line) => line.msg === 'delivery refused: not one to send')
        ).toMatchObject({
            level: 30,
            deliveryId: delivery.id,
        });
        expect(await store.redrive({ allDead: true })).toBe(0);
    });

    it('gives up after maxAttempts and dead-letters with the reason and the last error', async () => {
        let calls = 0;
        const worker = startWorker(
            async () => {
                calls++;
                throw new TransientError(`timeout ${calls}`);
            },
            // random 0 → zero backoff, so each retry is due at once.
            {
                random: () => 0,
                retry: { maxAttempts: 3, maxAgeMs: 3_600_000, baseMs: 1_000, maxMs: 60_000 },
            }
        );
        const delivery = await enqueue();
        worker.wake();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({
            status: 'dead',
            attempts: 3,
            lastError: { ...transient('timeout 3'), gaveUp: 'gave up after 3 attempts (limit 3)' },
        });
        expect(calls).toBe(3);
    });

    it('gives up when the next retry would exceed maxAgeMs', async () => {
        const worker = startWorker(
            async () => {
                throw new TransientError('Lime answered 429', 120_000);
            },
            { retry: { maxAttempts: 100, maxAgeMs: 60_000, baseMs: 1_000, maxMs: 60_000 } }
        );
        const delivery = await enqueue();
        worker.wake();
        const dead = await worker.waitFor(delivery.id, 5_000);
        expect(dead?.status).toBe('dead');
        expect(dead?.lastError).toEqual({
            ...transient('Lime answered 429'),
            gaveUp: expect.stringMatching(/^gave up after 1 attempts: /),
        });
    });

    it('claims only the tenants it is told, asking at every claim', async () => {
        let tenants: string[] = ['globex'];
        const processed: string[] = [];
        const worker = startWorker(
            async ({ delivery }) => {
                processed.push(delivery.id);
                return { result: {} };
            },
            { tenants: () => tenants }
        );
        const delivery = await enqueue();
        worker.wake();
        expect(await worker.waitFor(delivery.id, 200)).toBeNull();
        expect(await store.get(delivery.id)).toMatchObject({ status: 'queued', attempts: 0 });
        tenants = ['globex', 'acme'];
        worker.wake();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({ status: 'done' });
        expect(processed).toEqual([delivery.id]);
    });

    it('hands a released delivery back after its delay, without counting the attempt or giving up', async () => {
        let release = true;
        const worker = startWorker(
            async () => {
                if (release) throw new Error('The tenant acme is not configured here');
                return { result: { ok: true } };
            },
            {
                classifyError: () => ({ kind: 'release', retryAfterMs: 5_000 }),
                retry: { maxAttempts: 1, maxAgeMs: 1, baseMs: 1, maxMs: 1 },
            }
        );
        const delivery = await enqueue();
        const releasedAt = clock.now().getTime();
        worker.wake();
        await waitUntil(
            async () => (await store.get(delivery.id))?.lastError !== null,
            'the delivery is handed back'
        );
        expect(await store.get(delivery.id)).toMatchObject({
            status: 'queued',
            attempts: 0,
            runAt: new Date(releasedAt + 5_000),
            lastError: unexpected('The tenant acme is not configured here'),
        });
        release = false;
        clock.advance(5_000);
        worker.wake();
        // Past its attempt and age caps, yet not dead-lettered: the hand-backs were not failures.
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({
            status: 'done',
            attempts: 1,
        });
    });

    it('tells onFailure of each failed attempt before recording it: retries, then the final one', async () => {
        const seen: [boolean, ErrorReport, string | undefined][] = [];
        let calls = 0;
        const worker = startWorker(
            async () => {
                calls++;
                throw new TransientError(`timeout ${calls}`);
            },
            {
                random: () => 0,
                retry: { maxAttempts: 2, maxAgeMs: 3_600_000, baseMs: 1_000, maxMs: 60_000 },
                onFailure: async (delivery, failure) => {
                    // Called before the outcome is recorded: the delivery is still running.
                    const stored = await store.get(delivery.id);
                    seen.push([failure.final, failure.report, stored?.status]);
                },
            }
        );
        const delivery = await enqueue();
        worker.wake();
        expect((await worker.waitFor(delivery.id, 5_000))?.status).toBe('dead');
        expect(seen).toEqual([
            [false, transient('timeout 1'), 'running'],
            [
                true,
                { ...transient('timeout 2'), gaveUp: 'gave up after 2 attempts (limit 2)' },
                'running',
            ],
        ]);
    });

    it('tells onFailure of a final failure by the age cap, and of a fatal one', async () => {
        const finals: unknown[] = [];
        const worker = startWorker(
            async (lease) => {
                if (lease.delivery.conversationId === 'old') {
                    throw new TransientError('Lime answered 429', 120_000);
                }
                throw new Error('refused');
            },
            {
                retry: { maxAttempts: 100, maxAgeMs: 60_000, baseMs: 1_000, maxMs: 60_000 },
                onFailure: (_delivery, failure) => {
                    if (failure.final) finals.push((failure.error as Error).message);
                    throw new Error('a failing hook changes nothing');
                },
            }
        );
        const old = await enqueue('old');
        const refused = await enqueue('refused');
        worker.wake();
        expect((await worker.waitFor(old.id, 5_000))?.status).toBe('dead');
        expect((await worker.waitFor(refused.id, 5_000))?.status).toBe('dead');
        expect(finals.sort()).toEqual(['Lime answered 429', 'refused']);
    });

    it('counts the age cap of a redriven delivery from its redrive, not from its receipt', async () => {
        // Dead-lettered after a long Lime outage, redriven by an administrator days later: a transient
        // failure on its first new attempt is retried, not dead-lettered at once for being old.
        const delivery = await enqueue();
        const [lease] = await store.claim({ workerId: 'w', leaseMs: 1_000, limit: 1 });
        await store.kill(delivery.id, (lease as Lease).token, { error: unexpected('gave up') });
        clock.advance(3 * 3_600_000);
        expect(await store.redrive({ id: delivery.id })).toBe(1);
        const worker = startWorker(
            async () => {
                throw new TransientError('Lime answered 503');
            },
            { retry: { maxAttempts: 5, maxAgeMs: 3_600_000, baseMs: 1_000, maxMs: 60_000 } }
        );
        worker.wake();
        await waitUntil(
            async () => (await store.get(delivery.id))?.lastError?.status === 503,
            'the attempt failed'
        );
        expect(await store.get(delivery.id)).toMatchObject({
            status: 'queued',
            attempts: 1,
            lastError: transient('Lime answered 503'),
        });
    });

    it('extends the lease while processing, so a second worker does not take the delivery over', async () => {
        // Real time here: the lease must outlive its first terms only because it is extended. The lease is
        // long enough that a loaded machine's late timers do not make the worker give up on it.
        const realClock = { now: () => new Date() };
        store = await openStore(realClock);
        const otherStore = await openStore(realClock);
        let calls = 0;
        const slow = async () => {
            calls++;
            await new Promise((resolve) => setTimeout(resolve, 2_500));
            return { result: {} };
        };
        const first = startWorker(slow, { clock: realClock, leaseMs: 1_200 });
        const delivery = await enqueue();
        first.wake();
        await waitUntil(() => calls === 1, 'the first worker started');
        startWorker(slow, { store: otherStore, clock: realClock, leaseMs: 1_200 });
        expect(await first.waitFor(delivery.id, 8_000)).toMatchObject({
            status: 'done',
            attempts: 1,
        });
        expect(calls).toBe(1);
    });

    it('aborts processing when the lease is taken over, and records nothing', async () => {
        const aborted = createDeferred<unknown>();
        const worker = startWorker(
            (_lease, { signal }) =>
                new Promise<ProcessOutcome>((_resolve, reject) => {
                    signal.addEventListener('abort', () => {
                        aborted.resolve(signal.reason);
                        reject(signal.reason as Error);
                    });
                }),
            { leaseMs: 60 }
        );
        const delivery = await enqueue();
        worker.wake();
        await waitUntil(
            async () => (await store.get(delivery.id))?.status === 'running',
            'claimed'
        );
        // The (manual) clock jumps past the lease: another claimer takes the delivery over.
        clock.advance(1_000);
        const other = await openStore();
        const [takeover] = await other.claim({ workerId: 'heir', leaseMs: 60_000, limit: 1 });
        expect(takeover?.delivery.id).toBe(delivery.id);

        expect(await aborted.promise).toBeInstanceOf(LeaseLostError);
        await waitUntil(
            () =>
                logLines.some(
                    (line) => line.msg === 'delivery lease lost; another worker owns it now'
                ),
            'the loss is logged'
        );
        expect(await store.get(delivery.id)).toMatchObject({
            status: 'running',
            attempts: 2,
            lastError: null,
        });
    });

    it('aborts processing when the lease cannot be extended before it runs out', async () => {
        // The store cannot be reached for extensions (a network split from the database): once the lease
        // is nearly over, another instance may take the delivery over, so this one must stop writing.
        const realClock = { now: () => new Date() };
        store = await openStore(realClock);
        const unreachable: DeliveryStore = {
            ...store,
            extend: async () => {
                throw new Error('connection terminated unexpectedly');
            },
        };
        const aborted = createDeferred<unknown>();
        const worker = startWorker(
            (_lease, { signal }) =>
                new Promise<ProcessOutcome>((_resolve, reject) => {
                    signal.addEventListener('abort', () => {
                        aborted.resolve(signal.reason);
                        reject(signal.reason as Error);
                    });
                }),
            { store: unreachable, clock: realClock, leaseMs: 150 }
        );
        const delivery = await enqueue();
        worker.wake();
        const reason = await Promise.race([
            aborted.promise,
            new Promise((resolve) => setTimeout(() => resolve('never aborted'), 3_000)),
        ]);
        expect(reason).toBeInstanceOf(LeaseLostError);
        // Nothing recorded: the lease expiry decides who runs it next. On a loaded machine the 150 ms lease
        // may already have expired and been claimed again by then (attempt 2), which is that expiry too.
        const after = await store.get(delivery.id);
        expect(after).toMatchObject({ status: 'running', lastError: null });
        expect([1, 2]).toContain(after?.attempts);
    });

    it('dead-letters a delivery whose attempts ran out through lost leases (a crash loop) without running it again', async () => {
        const maxAttempts = 3;
        const delivery = await enqueue();
        // Three workers claimed it and died without recording anything (e.g. the delivery crashes the process).
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
            const [lease] = await store.claim({ workerId: 'crashed', leaseMs: 1_000, limit: 1 });
            expect(lease?.delivery.attempts).toBe(attempt);
            clock.advance(1_000);
        }
        let calls = 0;
        const failures: unknown[] = [];
        const unfinished: ErrorReport = {
            status: 500,
            code: 'internal_error',
            message:
                'The last attempt did not finish (its worker stopped, crashed or lost the lease).',
            retryable: true,
            gaveUp: `gave up after ${maxAttempts} attempts (limit ${maxAttempts})`,
        };
        const worker = startWorker(
            async () => {
                calls++;
                return { result: {} };
            },
            {
                retry: { maxAttempts, maxAgeMs: 3_600_000, baseMs: 1_000, maxMs: 60_000 },
                onFailure: (_delivery, failure) => void failures.push(failure),
            }
        );
        worker.wake();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({
            status: 'dead',
            attempts: maxAttempts + 1,
            lastError: unfinished,
        });
        expect(calls).toBe(0);
        expect(failures).toEqual([
            {
                final: true,
                error: undefined,
                report: unfinished,
            },
        ]);
    });

    it('stop() stops claiming, waits for in-flight work, then resolves', async () => {
        const release = createDeferred();
        const started: string[] = [];
        const worker = startWorker(async ({ delivery }) => {
            started.push(delivery.id);
            await release.promise;
            return { result: {} };
        });
        const inFlight = await enqueue('a');
        worker.wake();
        await waitUntil(() => started.length === 1, 'processing started');

        let stopped = false;
        let stoppedAgain = false;
        const stopping = worker.stop().then(() => (stopped = true));
        // A second stop (e.g. a second SIGTERM) waits for the same drain.
        void worker.stop().then(() => (stoppedAgain = true));
        const later = await enqueue('b');
        worker.wake();
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(stopped).toBe(false);
        expect(stoppedAgain).toBe(false);

        release.resolve();
        await stopping;
        expect((await store.get(inFlight.id))?.status).toBe('done');
        expect(started).toEqual([inFlight.id]);
        expect((await store.get(later.id))?.status).toBe('queued');
        expect(() => worker.start()).toThrow(/stopped/);
    });

    it('stop({timeoutMs}) aborts work that does not drain in time and leaves it to its lease', async () => {
        const worker = startWorker(
            (_lease, { signal }) =>
                new Promise<ProcessOutcome>((_resolve, reject) =>
                    signal.addEventListener('abort', () => reject(signal.reason as Error))
                )
        );
        const delivery = await enqueue();
        worker.wake();
        await waitUntil(
            async () => (await store.get(delivery.id))?.status === 'running',
            'claimed'
        );
        await worker.stop({ timeoutMs: 50 });
        // Handed back, runnable at once, not dead-lettered although classifyError calls the abort fatal,
        // and the stopped attempt does not count.
        expect(await store.get(delivery.id)).toMatchObject({
            status: 'queued',
            attempts: 0,
            runAt: clock.now(),
            lastError: {
                status: 503,
                code: 'worker_stopped',
                message: 'The worker stopped before the delivery finished.',
                retryable: true,
            },
        });
    });

    it('stop({timeoutMs}) resolves within its budget even when aborted work never stops', async () => {
        const budgetMs = 1_000;
        let abortedAfterMs = -1;
        let stopCalledAt = 0;
        const worker = startWorker(
            (_lease, { signal }) =>
                new Promise<ProcessOutcome>(() => {
                    // Ignores the abort, like a write stuck in a socket that never answers.
                    signal.addEventListener('abort', () => {
                        abortedAfterMs = performance.now() - stopCalledAt;
                    });
                })
        );
        const delivery = await enqueue();
        worker.wake();
        await waitUntil(
            async () => (await store.get(delivery.id))?.status === 'running',
            'claimed'
        );
        stopCalledAt = performance.now();
        await worker.stop({ timeoutMs: budgetMs });
        const tookMs = performance.now() - stopCalledAt;
        // Aborted at four fifths of the budget, resolved at the budget; a stop that waited as long
        // again for the hand-back (as it once did) would take twice the budget.
        expect(abortedAfterMs).toBeGreaterThanOrEqual(0.8 * budgetMs - 20);
        expect(tookMs).toBeLessThan(1.6 * budgetMs);
        expect((await store.get(delivery.id))?.status).toBe('running'); // left to its lease
    });

    it('waitFor resolves null at the timeout while the delivery is unfinished, and rejects an unknown id', async () => {
        const release = createDeferred();
        const worker = startWorker(async () => {
            await release.promise;
            return { result: {} };
        });
        const delivery = await enqueue();
        worker.wake();
        expect(await worker.waitFor(delivery.id, 50)).toBeNull();
        await expect(worker.waitFor('00000000-0000-0000-0000-000000000000', 1_000)).rejects.toThrow(
            /No delivery with id/
        );
        release.resolve();
        expect(await worker.waitFor(delivery.id, 5_000)).toMatchObject({ status: 'done' });
    });

    it('two workers on one SQLite file never process one conversation concurrently, and keep its order', async () => {
        const otherStore = await openStore();
        const active = new Map<string, number>();
        const order = new Map<string, number[]>();
        let overlaps = 0;
        const process = async ({ delivery }: Lease) => {
            const key = delivery.conversationId;
            active.set(key, (active.get(key) ?? 0) + 1);
            if ((active.get(key) ?? 0) > 1) overlaps++;
            await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 5));
            order.set(key, [...(order.get(key) ?? []), Number(delivery.contentHash.slice(5))]);
            active.set(key, (active.get(key) ?? 1) - 1);
            return { result: {} };
        };
        const workerA = startWorker(process, { concurrency: 4 });
        const workerB = startWorker(process, { store: otherStore, concurrency: 4 });

        const conversations = ['x', 'y', 'z'];
        const ids: string[] = [];
        for (let n = 0; n < 10; n++) {
            for (const conversation of conversations) {
                const target = n % 2 === 0 ? store : otherStore;
                ids.push((await enqueue(conversation, n, target)).id);
                (n % 2 === 0 ? workerA : workerB).wake();
            }
        }
        const results = await Promise.all(ids.map((id) => workerA.waitFor(id, 10_000)));
        expect(results.every((delivery) => delivery?.status === 'done')).toBe(true);
        expect(overlaps).toBe(0);
        for (const conversation of conversations) {
            expect(order.get(conversation)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }
    });

    it('rejects a retry policy the backoff cannot compute', () => {
        // baseMs above maxMs would make every retry throw, so a failing delivery would never be recorded,
        // only re-run each time its lease expires.
        expect(() =>
            createDeliveryWorker({
                store,
                process: async () => ({ result: {} }),
                classifyError,
                logger: logger(),
                retry: { maxAttempts: 5, maxAgeMs: 60_000, baseMs: 2_000, maxMs: 1_000 },
            })
        ).toThrow(/retry.baseMs/);
    });

    it('rejects nonsensical options', () => {
        expect(() =>
            createDeliveryWorker({
                store,
                process: async () => ({ result: {} }),
                classifyError,
                logger: logger(),
                concurrency: 0,
                retry: { maxAttempts: 5, maxAgeMs: 1, baseMs: 1, maxMs: 1 },
            })
        ).toThrow(/concurrency must be a positive integer/);
    });
});
