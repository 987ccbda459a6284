import type { ErrorReport } from '../errors.ts';
import type { ConversationUpdate, Delivery, DeliveryStore, Lease } from './delivery-store.ts';

/** The part of a pino logger the worker uses (a pino `Logger` fits). */
export interface DeliveryLogger {
    info(bindings: Record<string, unknown>, message: string): void;
    warn(bindings: Record<string, unknown>, message: string): void;
    error(bindings: Record<string, unknown>, message: string): void;
    child(bindings: Record<string, unknown>): DeliveryLogger;
}

/** What `process` gets besides the lease. */
export interface ProcessHelpers {
    delivery: Delivery;
    /**
     * Saves progress between external writes, so a retry (or another worker after a crash) can continue
     * instead of writing twice. Rejects with `LeaseLostError` when the lease was taken over: stop then.
     */
    saveCheckpoint(checkpoint: unknown): Promise<void>;
    /**
     * Aborted when the lease is lost (taken over, or not extended in time because the store did not answer)
     * or the worker is stopped with a timeout: stop writing then.
     */
    signal: AbortSignal;
}

/** What a successful `process` resolves with: stored by `complete`, in one transaction. */
export interface ProcessOutcome {
    /** The delivery's result, e.g. `{url, limetype, objectId}`. */
    result: unknown;
    /** The conversation's new state (the duplicate check's hash and the answer for duplicates). */
    conversation?: ConversationUpdate;
}

/**
 * Retry later (optionally no sooner than `retryAfterMs`), dead-letter at once (`fatal`), refuse, or hand the
 * delivery back. Refuse: the delivery is not one to send (no matching topic, filtered out), an outcome and
 * not a failure. Hand back (`release`): not a failure of the delivery but something this worker cannot run
 * now (its tenant was just removed from the configuration), queued again after `retryAfterMs` without
 * counting the attempt, never dead-lettered.
 */
export type ErrorClassification =
    | { kind: 'retry'; retryAfterMs?: number }
    | { kind: 'fatal' }
    | { kind: 'refuse' }
    | { kind: 'release'; retryAfterMs: number };

export interface RetryPolicy {
    /** Dead-letter after this many attempts. */
    maxAttempts: number;
    /** Dead-letter when the next attempt would start later than this long after receipt (or the last redrive). */
    maxAgeMs: number;
    /** Backoff ceiling of the first retry. */
    baseMs: number;
    /** Largest backoff ceiling. */
    maxMs: number;
}

export interface DeliveryWorkerOptions {
    store: DeliveryStore;
    /** Writes one delivery (to Lime). Must be idempotent: after a crash the same delivery runs again. */
    process(lease: Lease, helpers: ProcessHelpers): Promise<ProcessOutcome>;
    /** Decides whether a failure is worth retrying. A throw here counts as "retry". */
    classifyError(error: unknown): ErrorClassification;
    logger: DeliveryLogger;
    /** Time for run times and leases (tests inject a manual clock). Timers still use real time. */
    clock?: { now(): Date };
    /** Stored with each lease, for diagnosis. Default: host, pid and a random suffix. */
    workerId?: string;
    /** Deliveries processed at once by this worker. Default 4. */
    concurrency?: number;
    /** Lease length; the lease is extended every third of it while processing. Default 60 s. */
    leaseMs?: number;
    /** How often to look for runnable deliveries when not woken. Default 1 s. */
    pollMs?: number;
    retry: RetryPolicy;
    /**
     * The tenants whose deliveries this worker claims, asked at every claim (the relay's configured tenants,
     * so that the deliveries of a tenant removed from the configuration wait in the journal until it is
     * back). Default: every tenant.
     */
    tenants?(): readonly string[];
    /** Jitter source in [0, 1). Default Math.random. */
    random?: () => number;
    /**
     * Called when an attempt failed, once its outcome is decided and before it is recorded: `final` when the
     * delivery is about to be dead-lettered (a fatal error, or the attempt or age cap; `error` is undefined
     * when the last attempt ended without an outcome), otherwise a retry is about to be scheduled. Use it
     * to count outcomes or to tell a person what failed for good. Awaited; a rejection is logged and does
     * not change the outcome.
     */
    onFailure?(delivery: Delivery, failure: AttemptFailure): Promise<void> | void;
}

/** See `DeliveryWorkerOptions.onFailure`. */
export interface AttemptFailure {
    final: boolean;
    /** The delivery is about to be refused (final too), not dead-lettered: see ErrorClassification. */
    refused?: boolean;
    /** The attempt's error; undefined when the attempt ended without one (crash, lost lease). */
    error: unknown;
    /** What is stored as the delivery's `lastError` (errors.ts, describeError). */
    report: ErrorReport;
}

export interface DeliveryWorker {
    /** Starts claiming and processing. Calling it again while running does nothing. */
    start(): void;
    /**
     * Stops claiming, waits for in-flight deliveries to finish, then resolves (for SIGTERM). With
     * `timeoutMs`, it resolves within that time: deliveries still running at four fifths of it are aborted
     * through their signal; those that stop in the last fifth are queued again at once (the attempt does
     * not count), the others keep their lease until it expires and another worker takes them over. Pending
     * `waitFor` calls resolve null.
     */
    stop(options?: { timeoutMs?: number }): Promise<void>;
    /** Claims now instead of at the next poll (call after enqueue, or after a redrive). */
    wake(): void;
    /**
     * Resolves with the delivery once it is done, dead or refused (processed by this worker or any other on
     * the same store), or with null after `timeoutMs`. Rejects if the delivery does not exist.
     */
    waitFor(id: string, timeoutMs: number): Promise<Delivery | null>;
}

/** Raised into `process` (through `saveCheckpoint` and the signal) when another worker took the delivery over. */
export class LeaseLostError extends Error {
    constructor(deliveryId: string) {
        super(`The lease on delivery ${deliveryId} was lost; another worker owns it now.`);
        this.name = 'LeaseLostError';
    }
}

/** Used as the signal's reason when `stop({timeoutMs})` gives up waiting. */
export class WorkerStoppedError extends Error {
    constructor() {
        super(
            'The delivery worker stopped before this delivery finished; its lease will expire and it will run again.'
        );
        this.name = 'WorkerStoppedError';
    }
}
