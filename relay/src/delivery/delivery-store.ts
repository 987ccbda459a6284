import { ErasedError, type ErrorReport } from '../errors.ts';

/**
 * The delivery journal and job queue port: the one small interface the embedded SQLite store and the later
 * PostgreSQL store both implement, and that `relay/test-support/delivery-store.contract.ts` checks. Types
 * (and the one error `enqueue` raises).
 *
 * Life of a delivery: `enqueue` (queued) → `claim` (running, with a lease) → `complete` (done) or
 * `retry` (queued again, later) or `kill` (dead, until an administrator `redrive`s it) or `refuse`
 * (refused: a conversation that is not to be sent, e.g. no matching topic; final, never redriven). Every state change
 * after a claim is a compare-and-swap on the lease token, so a worker whose lease expired and was taken over
 * can no longer change the delivery.
 */

/**
 * Where a delivery is in its life. `queued` and `running` are "unfinished"; `done`, `dead` and `refused`
 * are final. `dead` failed (and can be redriven); `refused` was not to be sent (an answer of 422).
 */
export type DeliveryStatus = 'queued' | 'running' | 'done' | 'dead' | 'refused';

/**
 * What a job does: write a received conversation to Lime, or import one of its media files (a job queued by
 * the conversation's delivery, its `parentId`).
 */
export type DeliveryKind = 'conversation' | 'media';

/** One received Userlike conversation (or a media job of one), journaled before it is acknowledged. */
export interface Delivery {
    /**
     * A UUID of version 7: random, but ordered by time of creation, so that new rows land at the end of the
     * id index instead of all over it (fewer pages written per commit).
     */
    id: string;
    /** The relay tenant the delivery belongs to. */
    tenant: string;
    /** Userlike conversation id, as text. Deliveries of one (tenant, conversationId) run one at a time, in order. */
    conversationId: string;
    /** sha256 of what matters for the write, computed by the caller (used to skip duplicates). */
    contentHash: string;
    /**
     * The raw JSON body as received; null once erased (`erase`), and for a repeat journaled as done at once
     * (`resultIfUnchanged`), which is never run.
     */
    payload: string | null;
    status: DeliveryStatus;
    /** How often the delivery was claimed so far (the running attempt included). */
    attempts: number;
    /** A queued delivery is not claimed before this time. */
    runAt: Date;
    createdAt: Date;
    updatedAt: Date;
    /**
     * Why the last attempt failed (errors.ts, `describeError`): safe to show (no secrets, no message bodies),
     * stored as JSON; null once done.
     */
    lastError: ErrorReport | null;
    /** JSON set by `complete` (e.g. `{url, limetype, objectId}`). */
    result: unknown;
    /** JSON progress the processor saved between its external writes; survives retries and crashes. */
    checkpoint: unknown;
    kind: DeliveryKind;
    /** The delivery that queued this job (media jobs), else null. */
    parentId: string | null;
    /** When an administrator last queued it again after it was dead-lettered, else null. */
    redrivenAt: Date | null;
    /** When its personal data was erased on request (`erase`), else null. An erased delivery never runs again. */
    erasedAt: Date | null;
}

/** What `enqueue` resolves with: the delivery, and whether this call created it. */
export interface EnqueuedDelivery extends Delivery {
    /** False when an unfinished delivery with the same content absorbed the call (nothing was inserted). */
    created: boolean;
}

/** A claimed delivery and its fencing token: every later change must present this token. */
export interface Lease {
    delivery: Delivery;
    token: string;
}

/** What was last written for one conversation (the duplicate check and the answer for a duplicate). */
export interface ConversationState {
    tenant: string;
    conversationId: string;
    /** The content hash last written to Lime for this conversation. */
    lastHash: string | null;
    /** The result of that write (e.g. `{url, limetype, objectId}`). */
    result: unknown;
    updatedAt: Date;
}

/** What `complete` records about the conversation, in the same transaction as the completion. */
export interface ConversationUpdate {
    lastHash: string | null;
    result: unknown;
}

export interface EnqueueInput {
    tenant: string;
    conversationId: string;
    contentHash: string;
    /** Raw JSON text of the request body. */
    payload: string;
    /** Default `conversation`. */
    kind?: DeliveryKind;
    /** The delivery that queues this job. Refused with `DeliveryErasedError` once that one was erased. */
    parentId?: string;
    now?: Date;
    /**
     * A repeat of what was last written: when the conversation has no unfinished delivery and its state's
     * `lastHash` equals `contentHash`, the delivery is journaled as `done` at once, with this function's
     * result (given the state's `result`), in the same transaction: nothing is left to run for it, and its
     * payload is not stored.
     */
    resultIfUnchanged?: (written: unknown) => unknown;
}

export interface ClaimInput {
    /** Who claims (logged and stored for diagnosis only). */
    workerId: string;
    /** How long the lease lasts before another worker may take the delivery over. */
    leaseMs: number;
    /** At most this many deliveries. */
    limit: number;
    /**
     * Only deliveries of these tenants (the relay's configured tenants): a delivery of any other tenant is
     * left as it is, however long it has been runnable. Default: every tenant.
     */
    tenants?: readonly string[];
    now?: Date;
}

export interface ListFilter {
    status?: DeliveryStatus;
    tenant?: string;
    /** Only the jobs queued by this delivery. */
    parentId?: string;
    /** Default 100, at most 1000. */
    limit?: number;
    offset?: number;
}

/**
 * Whose data `erase` removes, within one tenant: one Userlike conversation, or every conversation whose
 * stored payload names this contact (`contact.id`, compared as text; `contact.email`, compared without
 * case and surrounding space).
 */
export type EraseMatch =
    { conversationId: string } | { contactId: string } | { contactEmail: string };

export interface EraseInput {
    tenant: string;
    match: EraseMatch;
    /**
     * The `lastError` of every erased delivery that is dead, or that the erase stops (it turns dead): the
     * previous one goes, as it may name personal data.
     */
    lastError: ErrorReport;
    now?: Date;
}

/** What `erase` did. Each count covers what this call erased; a repeated call finds nothing left. */
export interface EraseResult {
    /** Conversations whose deliveries were erased. */
    conversations: number;
    /** Conversation deliveries erased (sends and events of those conversations). */
    deliveries: number;
    /** Media jobs of those conversations erased. */
    mediaJobs: number;
    /** Erased deliveries and jobs that were queued: they are dead now and are never written to Lime. */
    cancelled: number;
    /**
     * Erased deliveries and jobs that were being written to Lime at that moment: their lease is revoked, so
     * their worker stops at its next step and records nothing; what it wrote before is in Lime.
     */
    interrupted: number;
}

/** `enqueue` refuses a job whose parent delivery was erased: the job would bring its data back. */
export class DeliveryErasedError extends ErasedError {
    constructor(parentId: string) {
        super(`Delivery ${parentId} was erased on request; no job of it is queued any more.`);
    }
}

/** Which dead deliveries to queue again: one by id, or all of them. */
export type RedriveFilter = { id: string; now?: Date } | { allDead: true; now?: Date };

export interface RateSlotInput {
    /** At most this many requests… */
    limit: number;
    /** …in any window of this length. */
    windowMs: number;
    now?: Date;
}

/**
 * The durable delivery journal and job queue. All methods are safe to call from several store instances
 * (connections, processes, machines) on the same database at once.
 */
export interface DeliveryStore {
    /** Creates or upgrades the schema. Idempotent and safe to call from several instances at once. */
    migrate(): Promise<void>;

    /**
     * Journals a new delivery as `queued`, runnable at once, and resolves with it (`created: true`).
     * Durable when the promise resolves (the relay answers the webhook only after that).
     *
     * Idempotent while a delivery of the same (tenant, conversationId, contentHash, kind) is unfinished:
     * when the newest unfinished (queued or running) delivery of the conversation has the same content
     * hash and kind, nothing is inserted and that delivery resolves instead (`created: false`), also when
     * several store instances enqueue the same key at once. Only the newest unfinished one absorbs a
     * repeat, so processing order stays arrival order: with A (hash 1), B (hash 2) queued, a repeat of A
     * arrives after B and gets its own row behind B. A finished (done or dead) delivery never absorbs one;
     * the repeat's own delivery is then skipped by its content hash when it is processed, or, with
     * `resultIfUnchanged`, journaled as done at once.
     */
    enqueue(input: EnqueueInput): Promise<EnqueuedDelivery>;

    /**
     * Atomically takes up to `limit` runnable deliveries, oldest first, and leases them to the caller.
     * Runnable: `queued` with `runAt <= now`, or `running` with an expired lease (its worker died). Strict
     * per-conversation FIFO: a delivery is never claimed while an older unfinished (queued or running)
     * delivery of the same (tenant, conversationId) exists, nor while another delivery of that conversation
     * holds a live lease. Each claim increments `attempts` and issues a new token. With `tenants`, only
     * those tenants' deliveries are looked at.
     */
    claim(input: ClaimInput): Promise<Lease[]>;

    /** Extends a running lease to `now + leaseMs`. False when the token is no longer the delivery's lease. */
    extend(id: string, token: string, leaseMs: number, now?: Date): Promise<boolean>;

    /** Stores the processor's progress on a running delivery. False when the lease was lost. */
    saveCheckpoint(id: string, token: string, checkpoint: unknown): Promise<boolean>;

    /**
     * Marks a running delivery done with its result and, in the same transaction, upserts the
     * conversation's state when `conversation` is given. False (and nothing written) when the lease was lost.
     */
    complete(
        id: string,
        token: string,
        result: unknown,
        conversation?: ConversationUpdate
    ): Promise<boolean>;

    /**
     * Puts a running delivery back to `queued`, runnable at `runAt`, recording the error. With
     * `refundAttempt` the attempt does not count (it was stopped, not failed: a worker handing its work back
     * on shutdown). False when the lease was lost.
     */
    retry(
        id: string,
        token: string,
        input: { runAt: Date; error: ErrorReport; refundAttempt?: boolean }
    ): Promise<boolean>;

    /** Dead-letters a running delivery, recording the error. False when the lease was lost. */
    kill(id: string, token: string, input: { error: ErrorReport }): Promise<boolean>;

    /**
     * Marks a running delivery refused (final, never redriven: the conversation is not one to send), recording
     * why. False when the lease was lost.
     */
    refuse(id: string, token: string, input: { error: ErrorReport }): Promise<boolean>;

    /** One delivery, or null. */
    get(id: string): Promise<Delivery | null>;

    /** Deliveries matching the filter, newest first. */
    list(filter?: ListFilter): Promise<Delivery[]>;

    /**
     * Queues dead deliveries again (runnable now, attempts reset to 0, `redrivenAt` now: the retries' age
     * cap counts from there), never erased or refused ones. Resolves with how many.
     */
    redrive(filter: RedriveFilter): Promise<number>;

    /**
     * Erases the personal data of the matching conversations' deliveries and media jobs (GDPR's right to
     * erasure), in one transaction: their payload, checkpoint and (for dead ones) last error. What the
     * journal needs to stay correct is kept: ids, tenant, conversation id, content hash, status, times, the
     * result (the link to the Lime object) and the conversation state (last written hash and link), so a
     * repeat is still recognised and nothing is written twice. Queued and running ones are stopped: they
     * turn dead (`lastError`), their lease is revoked, and they never run again (redrive skips erased
     * deliveries). Each erased delivery gets `erasedAt`.
     *
     * Erasing by contact reads the contact of every stored payload of the tenant, in batches.
     */
    erase(input: EraseInput): Promise<EraseResult>;

    /**
     * Retention: deletes final (done, dead, refused) deliveries last changed before `olderThan` (payloads
     * included), and rate-limit records older than that.
     */
    purge(input: { olderThan: Date }): Promise<{ deliveries: number }>;

    /** What was last written for a conversation, or null if nothing was. */
    getConversation(tenant: string, conversationId: string): Promise<ConversationState | null>;

    /** How many deliveries are in each status (every status present, 0 when none). */
    counts(): Promise<Record<DeliveryStatus, number>>;

    /** How many unfinished (queued or running) deliveries each tenant has; tenants with none are absent. */
    unfinishedByTenant(): Promise<Record<string, number>>;

    /**
     * Shared sliding-window rate limiter (for Lime's per-IP limit across relay instances). Records a request
     * under `key` and resolves with 0 when fewer than `limit` were recorded in the last `windowMs`; otherwise
     * records nothing and resolves with how many milliseconds to wait before asking again (at least 1).
     */
    takeRateSlot(key: string, input: RateSlotInput): Promise<number>;

    /** Rejects when the database cannot be reached (readiness probe). */
    ping(): Promise<void>;

    /** Releases the connection. Later calls reject. Calling it twice is harmless. */
    close(): Promise<void>;
}
