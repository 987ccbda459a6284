import { describeError, RelayError, type ErrorReport } from '../errors.ts';
import { computeRetryDelay, decideGiveUp } from './backoff.ts';
import type { DeliveryStatus, DeliveryStore, Lease } from './delivery-store.ts';
import {
    LeaseLostError,
    type AttemptFailure,
    type DeliveryLogger,
    type ErrorClassification,
    type ProcessHelpers,
    type ProcessOutcome,
    type RetryPolicy,
} from './worker-types.ts';

/** Everything `runLease` needs from the worker, resolved to concrete values. */
export interface LeaseRunnerContext {
    store: DeliveryStore;
    process(lease: Lease, helpers: ProcessHelpers): Promise<ProcessOutcome>;
    classifyError(error: unknown): ErrorClassification;
    logger: DeliveryLogger;
    clock: { now(): Date };
    leaseMs: number;
    retry: RetryPolicy;
    random: () => number;
    onFailure?(delivery: Lease['delivery'], failure: AttemptFailure): Promise<void> | void;
}

const MAX_ERROR_LENGTH = 1_000;

/** The last error of a delivery whose attempts are used up and whose last attempt ended without an outcome. */
const UNFINISHED = new RelayError(
    500,
    'internal_error',
    'The last attempt did not finish (its worker stopped, crashed or lost the lease).',
    { retryable: true }
);

/** The last error of a delivery handed back unfinished because the worker stops (the attempt does not count). */
const HANDED_BACK = new RelayError(
    503,
    'worker_stopped',
    'The worker stopped before the delivery finished.',
    { retryable: true }
);

/**
 * An error for a log line: the message only (never the error object, which may carry request headers).
 * What the journal keeps of a failed attempt is describeError's report (errors.ts).
 */
export function describeErrorSafely(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Processes one leased delivery to its next state: done, queued again (retry), dead or refused. Keeps the lease alive
 * while `process` runs and aborts `process` if the lease is lost. Resolves with the final status this worker
 * recorded (null when it recorded none: lease lost or store failure, so the lease expiry decides). Never
 * rejects.
 */
export async function runLease(
    context: LeaseRunnerContext,
    lease: Lease,
    stopSignal: AbortSignal
): Promise<DeliveryStatus | null> {
    const { store, clock, leaseMs } = context;
    const { delivery, token } = lease;
    const log = context.logger.child({
        deliveryId: delivery.id,
        tenant: delivery.tenant,
        attempt: delivery.attempts,
    });
    if (delivery.attempts > context.retry.maxAttempts) {
        // The attempts are used up and the last one ended without an outcome (its worker died or lost the
        // lease, e.g. a delivery that crashes the process): running it again could loop for ever.
        const report: ErrorReport = {
            ...describeError(UNFINISHED),
            gaveUp: `gave up after ${context.retry.maxAttempts} attempts (limit ${context.retry.maxAttempts})`,
        };
        try {
            await notifyFailure(context, lease, { final: true, error: undefined, report }, log);
            const killed = await store.kill(delivery.id, token, { error: report });
            if (killed)
                log.error(
                    { reason: `${report.gaveUp}; ${report.message}` },
                    'delivery dead-lettered: retries exhausted'
                );
            return killed ? 'dead' : null;
        } catch (failure) {
            log.error(
                { error: describeErrorSafely(failure) },
                'could not record the delivery outcome'
            );
            return null;
        }
    }

    const controller = new AbortController();
    let leaseLost = false;
    // Set once the outcome is being recorded: a late extend answer must not report a lease loss then.
    let settling = false;

    function loseLease(message: string): void {
        if (leaseLost) return;
        leaseLost = true;
        log.warn({}, message);
        controller.abort(new LeaseLostError(delivery.id));
    }

    const onStop = () => controller.abort(stopSignal.reason);
    stopSignal.addEventListener('abort', onStop, { once: true });
    // Extending every third of the lease leaves two chances before it runs out. When neither gets through
    // (the store is unreachable or does not answer), processing stops before the lease ends: another worker
    // takes the delivery over exactly then, and two writers of one conversation would duplicate in Lime.
    const extendEveryMs = Math.max(Math.floor(leaseMs / 3), 1);
    let leaseEndsAt = delivery.updatedAt.getTime() + leaseMs;
    let extending = false;
    const giveUpIfEndingSoon = () => {
        if (!settling && clock.now().getTime() + extendEveryMs >= leaseEndsAt) {
            loseLease('delivery lease could not be extended and ends soon; stopping');
        }
    };
    const keepAlive = setInterval(() => {
        if (extending) {
            giveUpIfEndingSoon();
            return;
        }
        extending = true;
        const at = clock.now();
        store.extend(delivery.id, token, leaseMs, at).then(
            (extended) => {
                extending = false;
                if (extended) leaseEndsAt = at.getTime() + leaseMs;
                else if (!settling) loseLease('delivery lease lost; another worker owns it now');
            },
            (error: unknown) => {
                extending = false;
                log.error(
                    { error: describeErrorSafely(error) },
                    'could not extend the delivery lease'
                );
                giveUpIfEndingSoon();
            }
        );
    }, extendEveryMs);

    const startedAt = Date.now();
    log.info({}, 'delivery processing');
    try {
        let outcome: ProcessOutcome;
        try {
            outcome = await context.process(lease, {
                delivery,
                signal: controller.signal,
                async saveCheckpoint(checkpoint) {
                    if (!(await store.saveCheckpoint(delivery.id, token, checkpoint))) {
                        loseLease('delivery lease lost; another worker owns it now');
                        throw new LeaseLostError(delivery.id);
                    }
                },
            });
        } catch (error) {
            if (leaseLost) return null;
            settling = true;
            if (stopSignal.aborted) {
                // Not the delivery's fault: hand it back at once (another instance may pick it up) instead
                // of counting it as a failure or leaving it locked until the lease expires.
                const released = await store.retry(delivery.id, token, {
                    runAt: clock.now(),
                    error: describeError(HANDED_BACK),
                    refundAttempt: true,
                });
                if (released) log.warn({}, 'delivery released unfinished: the worker is stopping');
                return released ? 'queued' : null;
            }
            return await recordFailure(context, lease, error, log);
        }
        settling = true;
        if (await store.complete(delivery.id, token, outcome.result, outcome.conversation)) {
            log.info({ durationMs: Date.now() - startedAt }, 'delivery done');
            return 'done';
        }
        log.warn({}, 'delivery finished after its lease was lost; the result was not recorded');
        return null;
    } catch (error) {
        // Only the store can fail here; the lease then expires and the delivery runs again.
        log.error({ error: describeErrorSafely(error) }, 'could not record the delivery outcome');
        return null;
    } finally {
        clearInterval(keepAlive);
        stopSignal.removeEventListener('abort', onStop);
    }
}

async function recordFailure(
    context: LeaseRunnerContext,
    lease: Lease,
    error: unknown,
    log: DeliveryLogger
): Promise<DeliveryStatus | null> {
    const { store, retry } = context;
    const { delivery, token } = lease;
    const report = describeError(error);
    let classification: ErrorClassification;
    try {
        classification = context.classifyError(error);
    } catch (classifyFailure) {
        log.error(
            { error: describeErrorSafely(classifyFailure) },
            'classifyError threw; retrying the delivery'
        );
        classification = { kind: 'retry' };
    }

    if (classification.kind === 'release') {
        const runAt = new Date(context.clock.now().getTime() + classification.retryAfterMs);
        const released = await store.retry(delivery.id, token, {
            runAt,
            error: report,
            refundAttempt: true,
        });
        if (released)
            log.warn(
                { error: report, retryInMs: classification.retryAfterMs },
                'delivery handed back: it cannot run here now'
            );
        return released ? 'queued' : null;
    }

    if (classification.kind === 'refuse') {
        // Not a failure: the conversation is not one to send. It is kept out of the dead letters, and
        // logged at info level, so that an intended filter does not look like an outage.
        await notifyFailure(context, lease, { final: true, refused: true, error, report }, log);
        const refused = await store.refuse(delivery.id, token, { error: report });
        if (refused) log.info({ reason: report }, 'delivery refused: not one to send');
        return refused ? 'refused' : null;
    }

    if (classification.kind === 'fatal') {
        await notifyFailure(context, lease, { final: true, error, report }, log);
        const killed = await store.kill(delivery.id, token, { error: report });
        if (killed)
            log.error({ error: report }, 'delivery dead-lettered: the error is not retryable');
        return killed ? 'dead' : null;
    }

    const now = context.clock.now();
    const delayMs = computeRetryDelay({
        attempt: delivery.attempts,
        baseMs: retry.baseMs,
        maxMs: retry.maxMs,
        random: context.random,
        retryAfterMs: classification.retryAfterMs,
    });
    const runAt = new Date(now.getTime() + delayMs);
    const giveUp = decideGiveUp({
        attempts: delivery.attempts,
        maxAttempts: retry.maxAttempts,
        since: delivery.redrivenAt ?? delivery.createdAt,
        nextRunAt: runAt,
        maxAgeMs: retry.maxAgeMs,
    });
    if (giveUp !== null) {
        const gaveUp: ErrorReport = { ...report, gaveUp: giveUp };
        await notifyFailure(context, lease, { final: true, error, report: gaveUp }, log);
        const killed = await store.kill(delivery.id, token, { error: gaveUp });
        if (killed)
            log.error(
                { error: report, reason: giveUp },
                'delivery dead-lettered: retries exhausted'
            );
        return killed ? 'dead' : null;
    }
    await notifyFailure(context, lease, { final: false, error, report }, log);
    const requeued = await store.retry(delivery.id, token, { runAt, error: report });
    if (requeued) {
        log.warn(
            { error: report, retryInMs: delayMs, runAt: runAt.toISOString() },
            'delivery failed; retry scheduled'
        );
    }
    return requeued ? 'queued' : null;
}

/** Runs the `onFailure` hook; its own failure is logged and changes nothing. */
async function notifyFailure(
    context: LeaseRunnerContext,
    lease: Lease,
    failure: AttemptFailure,
    log: DeliveryLogger
): Promise<void> {
    try {
        await context.onFailure?.(lease.delivery, failure);
    } catch (error) {
        log.error({ error: describeErrorSafely(error) }, 'the onFailure hook failed');
    }
}
