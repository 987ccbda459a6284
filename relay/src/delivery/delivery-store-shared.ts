import {
    DELIVERY_STATUSES,
    fromJsonText,
    toDelivery,
    toDeliveryStatus,
    toInteger,
    type ConversationRow,
    type DeliveryRow,
} from './delivery-row.ts';
import type {
    DeliveryStatus,
    EnqueuedDelivery,
    EnqueueInput,
    ListFilter,
} from './delivery-store.ts';

/**
 * Logic the SQLite and PostgreSQL stores share word for word: argument checks, the list page, the counts
 * and the purge loop. The SQL itself stays in each store, written for its database.
 */

const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;

/** Rows `purge` deletes per statement: a large backlog neither meets a statement timeout nor holds a lock long. */
export const DEFAULT_PURGE_BATCH = 5_000;

export function assertPositiveInteger(name: string, value: number): void {
    if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`Delivery store: ${name} must be a positive integer, got ${value}`);
    }
}

/** The page `list` reads: the filter's limit (default 100, capped at 1000) and offset (default 0). */
export function resolveListPage(filter: ListFilter): { limit: number; offset: number } {
    const limit = Math.min(filter.limit ?? DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    const offset = filter.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
        throw new RangeError(
            'Delivery store: list limit must be a positive integer and offset a non-negative integer'
        );
    }
    return { limit, offset };
}

/** `counts` from `SELECT status, COUNT(*) AS n … GROUP BY status`: every status present, 0 when none. */
export function toStatusCounts(
    rows: readonly { status: string; n: number | bigint | string }[]
): Record<DeliveryStatus, number> {
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<
        DeliveryStatus,
        number
    >;
    for (const row of rows) {
        counts[toDeliveryStatus(row.status)] = toInteger(row.n);
    }
    return counts;
}

/**
 * `enqueue`'s answer when the call is absorbed, or null when it needs a new delivery. `tail` is the
 * conversation's newest unfinished delivery, read while the caller holds the conversation's write lock. It
 * absorbs the call when it is the same job (content hash and kind). Only the newest unfinished delivery
 * may, so a repeat never jumps ahead of a different delivery that arrived before it.
 */
export function absorbEnqueue(
    tail: DeliveryRow | undefined,
    input: EnqueueInput
): EnqueuedDelivery | null {
    if (
        tail &&
        tail.content_hash === input.contentHash &&
        tail.kind === (input.kind ?? 'conversation')
    ) {
        return { ...toDelivery(tail), created: false };
    }
    return null;
}

/**
 * What a new delivery is inserted as: `done` with its result when `resultIfUnchanged` applies (nothing
 * unfinished in the conversation, and its last written hash is this content's), else `queued`.
 */
export function initialState(
    tail: DeliveryRow | undefined,
    conversation: ConversationRow | undefined,
    input: EnqueueInput
): { status: 'queued' | 'done'; result: string | null } {
    if (
        input.resultIfUnchanged &&
        !tail &&
        conversation &&
        conversation.last_hash === input.contentHash &&
        conversation.result !== null
    ) {
        const result = input.resultIfUnchanged(fromJsonText(conversation.result));
        return { status: 'done', result: JSON.stringify(result ?? null) };
    }
    return { status: 'queued', result: null };
}

/** `enqueue`'s answer for the row it inserted. */
export function toCreatedDelivery(row: DeliveryRow | undefined): EnqueuedDelivery {
    if (!row) {
        throw new Error('Delivery store: the insert returned no row');
    }
    return { ...toDelivery(row), created: true };
}

/**
 * Deletes in batches of `batchSize` until a batch comes back short; `deleteBatch` deletes at most that many
 * rows in one statement (its own transaction) and says how many it deleted. `pause` runs between batches.
 */
export async function deleteInBatches(
    batchSize: number,
    deleteBatch: (limit: number) => Promise<number> | number,
    pause?: () => Promise<void>
): Promise<number> {
    let total = 0;
    for (;;) {
        const deleted = await deleteBatch(batchSize);
        total += deleted;
        if (deleted < batchSize) return total;
        await pause?.();
    }
}
