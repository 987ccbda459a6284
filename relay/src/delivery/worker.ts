import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Delivery } from './delivery-store.ts';
import { describeErrorSafely, runLease, type LeaseRunnerContext } from './run-lease.ts';
import {
    WorkerStoppedError,
    type DeliveryWorker,
    type DeliveryWorkerOptions,
} from './worker-types.ts';

export type {
    AttemptFailure,
    DeliveryLogger,
    DeliveryWorker,
    DeliveryWorkerOptions,
    ErrorClassification,
    ProcessHelpers,
    ProcessOutcome,
    RetryPolicy,
} from './worker-types.ts';
export { LeaseLostError, WorkerStoppedError } from './worker-types.ts';

const FINAL_STATUSES: ReadonlySet<string> = new Set(['done', 'dead', 'refused']);
const isFinal = (delivery: Delivery) => FINAL_STATUSES.has(delivery.status);

/**
 * Creates the worker that runs the delivery queue: it claims runnable deliveries (up to `concurrency` at a
 * time), runs `process` on each while keeping its lease alive, and records done, retry (exponential
 * backoff with full jitter, honouring Retry-After) or dead. Per-conversation order comes from the store's
 * claim, so any number of workers, in this process or others, can share one store.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
    const concurrency = options.concurrency ?? 4;
    const leaseMs = options.leaseMs ?? 60_000;
    const pollMs = options.pollMs ?? 1_000;
    const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    assertPositiveInteger('concurrency', concurrency);
    assertPositiveInteger('leaseMs', leaseMs);
    assertPositiveInteger('pollMs', pollMs);
    assertPositiveInteger('retry.maxAttempts', options.retry.maxAttempts);
    assertPositiveInteger('retry.maxAgeMs', options.retry.maxAgeMs);
    assertPositiveInteger('retry.baseMs', options.retry.baseMs);
    assertPositiveInteger('retry.maxMs', options.retry.maxMs);
    if (options.retry.maxMs < options.retry.baseMs) {
        throw new RangeError(
            `createDeliveryWorker: retry.baseMs (${options.retry.baseMs}) must not exceed retry.maxMs (${options.retry.maxMs})`
        );
    }

    const { store } = options;
    const clock = options.clock ?? { now: () => new Date() };
    const logger = options.logger.child({ workerId });
    const context: LeaseRunnerContext = {
        store,
        process: options.process,
        classifyError: options.classifyError,
        logger,
        clock,
        leaseMs,
        retry: options.retry,
        random: options.random ?? Math.random,
        onFailure: options.onFailure,
    };

    let state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
    const stopController = new AbortController();
    const inFlight = new Set<Promise<void>>();
    /** Called when this worker records a final status for a delivery id. */
    const waiters = new Map<string, Set<() => void>>();
    /** Resolve every pending waitFor with null (on stop). */
    const abandonWaiters = new Set<() => void>();
    let pollTimer: NodeJS.Timeout | undefined;
    let tickRunning: Promise<void> | undefined;
    let tickRequested = false;
    let stopped: Promise<void> | undefined;

    function schedulePoll(delayMs: number): void {
        if (state !== 'running') return;
        clearTimeout(pollTimer);
        pollTimer = setTimeout(requestTick, delayMs);
    }

    /** Runs a claim round now, or right after the one in progress (never two at once). */
    function requestTick(): void {
        if (state !== 'running') return;
        if (tickRunning) {
            tickRequested = true;
            return;
        }
        tickRunning = tick().finally(() => {
            tickRunning = undefined;
            if (tickRequested) {
                tickRequested = false;
                requestTick();
            } else {
                schedulePoll(pollMs);
            }
        });
    }

    async function tick(): Promise<void> {
        const free = concurrency - inFlight.size;
        if (free <= 0) return;
        let leases;
        try {
            leases = await store.claim({
                workerId,
                leaseMs,
                limit: free,
                now: clock.now(),
                tenants: options.tenants?.(),
            });
        } catch (error) {
            logger.error({ error: describeErrorSafely(error) }, 'could not claim deliveries');
            return;
        }
        // Claimed leases are processed even if stop() was called meanwhile: they are ours now.
        for (const lease of leases) {
            const id = lease.delivery.id;
            const run = runLease(context, lease, stopController.signal).then((status) => {
                if (status !== null && FINAL_STATUSES.has(status)) {
                    waiters.get(id)?.forEach((notify) => notify());
                }
            });
            inFlight.add(run);
            void run.finally(() => {
                inFlight.delete(run);
                // A slot is free, and the conversation's next delivery may be runnable now.
                requestTick();
            });
        }
        // A full batch suggests more work is waiting.
        if (leases.length === free) tickRequested = true;
    }

    async function drainAndStop(timeoutMs: number | undefined): Promise<void> {
        state = 'stopping';
        clearTimeout(pollTimer);
        const startedAt = Date.now();
        await tickRunning;
        const drained = Promise.all([...inFlight]).then(() => true);
        // The whole stop fits in `timeoutMs`: the last fifth is kept for aborted deliveries to hand
        // their leases back.
        const handBackMs = timeoutMs === undefined ? 0 : Math.floor(timeoutMs / 5);
        let timer: NodeJS.Timeout | undefined;
        const within = (ms: number) =>
            new Promise<false>((resolve) => {
                timer = setTimeout(() => resolve(false), Math.max(ms, 0));
            });
        const finished =
            timeoutMs === undefined
                ? await drained
                : await Promise.race([
                      drained,
                      within(timeoutMs - handBackMs - (Date.now() - startedAt)),
                  ]);
        clearTimeout(timer);
        if (!finished) {
            logger.warn(
                { inFlight: inFlight.size },
                'delivery worker stop timed out; aborting in-flight deliveries'
            );
            stopController.abort(new WorkerStoppedError());
            await Promise.race([drained, within(handBackMs)]);
            clearTimeout(timer);
        }
        state = 'stopped';
        abandonWaiters.forEach((abandon) => abandon());
        logger.info({}, 'delivery worker stopped');
    }

    return {
        start() {
            if (state === 'running') return;
            if (state !== 'idle') {
                throw new Error(
                    'This delivery worker was stopped; create a new one to start again.'
                );
            }
            state = 'running';
            logger.info({ concurrency, leaseMs, pollMs }, 'delivery worker started');
            requestTick();
        },

        stop(stopOptions = {}) {
            // Every caller (SIGTERM handler, tests) waits for the same drain.
            stopped ??= drainAndStop(stopOptions.timeoutMs);
            return stopped;
        },

        wake() {
            requestTick();
        },

        waitFor(id, timeoutMs) {
            return new Promise<Delivery | null>((resolve, reject) => {
                let settled = false;
                const finish = (delivery: Delivery | null, error?: Error) => {
                    if (settled) return;
                    settled = true;
                    clearTimeout(timeout);
                    clearInterval(poll);
                    const forId = waiters.get(id);
                    forId?.delete(check);
                    if (forId?.size === 0) waiters.delete(id);
                    abandonWaiters.delete(abandon);
                    if (error) reject(error);
                    else resolve(delivery);
                };
                const check = () => {
                    store.get(id).then(
                        (delivery) => {
                            if (!delivery) finish(null, new Error(`No delivery with id ${id}`));
                            else if (isFinal(delivery)) finish(delivery);
                        },
                        (error: unknown) =>
                            logger.warn(
                                { deliveryId: id, error: describeErrorSafely(error) },
                                'waitFor could not read the delivery'
                            )
                    );
                };
                const abandon = () => finish(null);
                // Registered before the first read, so a completion in between is not missed.
                const forId = waiters.get(id) ?? new Set();
                forId.add(check);
                waiters.set(id, forId);
                abandonWaiters.add(abandon);
                const timeout = setTimeout(abandon, timeoutMs);
                // Another worker (or relay instance) may finish it: poll the store too.
                const poll = setInterval(check, pollMs);
                if (state === 'stopped') abandon();
                else check();
            });
        },
    };
}

function assertPositiveInteger(name: string, value: number): void {
    if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(
            `createDeliveryWorker: ${name} must be a positive integer, got ${value}`
        );
    }
}
