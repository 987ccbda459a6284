import type { ErrorReport } from '../errors.ts';
import {
    DELIVERY_STATUSES,
    fromJsonText,
    toDelivery,
    toDeliveryStatus,
    toInteger,
    toJsonText,
    type ConversationRow,
    type InsertedRow,
} from './delivery-row.ts';
import type {
    DeliveryStatus,
    EnqueuedDelivery,
    EnqueueInput,
    EraseMatch,
    EraseResult,
    ListFilter,
} from './delivery-store.ts';

/**
 * Logic the SQLite and PostgreSQL stores share word for word: argument checks, the list page, the counts,
 * the purge loop and what an erase changes. The SQL itself stays in each store, written for its database.
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
    tail: InsertedRow | undefined,
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
    tail: InsertedRow | undefined,
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

/**
 * The row `enqueue` inserts, as the database would return it. Built here instead of read back with
 * `RETURNING *`, which would send the whole payload back (milliseconds for a long conversation).
 *
 * A delivery journaled as done at once (a repeat of what was written) keeps no payload: nothing ever runs
 * it, and its content is, by its hash, what was written already. Storing it again would only cost a write
 * per repeat and keep another copy of personal data until the purge.
 */
export function insertedRow(
    input: EnqueueInput,
    values: { id: string; now: number; status: 'queued' | 'done'; result: string | null }
): InsertedRow {
    return {
        id: values.id,
        tenant: input.tenant,
        conversation_id: input.conversationId,
        content_hash: input.contentHash,
        payload: values.status === 'done' ? null : input.payload,
        status: values.status,
        attempts: 0,
        run_at: values.now,
        lease_token: null,
        lease_owner: null,
        lease_expires_at: null,
        created_at: values.now,
        updated_at: values.now,
        last_error: null,
        result: values.result,
        checkpoint: null,
        kind: input.kind ?? 'conversation',
        parent_id: input.parentId ?? null,
        redriven_at: null,
        erased_at: null,
    };
}

/** `enqueue`'s answer for the row it inserted. */
export function toCreatedDelivery(row: InsertedRow): EnqueuedDelivery {
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

/** Stored payloads `erase` reads per statement when it looks for a contact's conversations. */
export const ERASE_SCAN_BATCH = 1_000;

/**
 * A conversation delivery's contact, as `erase` reads it: the `contact.id` and `contact.email` of its stored
 * payload, extracted by the database (JSON functions), so payloads never travel to the relay for it.
 */
export interface ContactRow {
    seq: number | bigint | string;
    conversation_id: string;
    contact_id: unknown;
    contact_email: unknown;
}

/** A delivery `erase` is about to change. */
export interface ErasableRow {
    id: string;
    status: string;
    kind: string;
    conversation_id: string;
}

/** What `erase` writes into one delivery besides clearing its personal data. */
export interface EraseUpdate {
    id: string;
    status: DeliveryStatus;
    /** As stored: JSON text. */
    lastError: string | null;
}

/**
 * The keys of a conversation's jobs, as a range `from <= key < to` in byte order: jobs of a conversation
 * (media imports) have keys that start with the conversation's id and a `/` (`<id>/media/<message>`), and
 * `0` is the character after `/`.
 */
export function jobKeyRange(conversationId: string): { from: string; to: string } {
    return { from: `${conversationId}/`, to: `${conversationId}0` };
}

const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Adds to `into` the conversations whose contact is the one `match` names (for a contact match). */
export function collectContactConversations(
    rows: readonly ContactRow[],
    match: EraseMatch,
    into: Set<string>
): void {
    for (const row of rows) {
        const found =
            'contactId' in match
                ? (typeof row.contact_id === 'string' || typeof row.contact_id === 'number') &&
                  String(row.contact_id) === match.contactId
                : 'contactEmail' in match &&
                  typeof row.contact_email === 'string' &&
                  normaliseEmail(row.contact_email) === normaliseEmail(match.contactEmail);
        if (found) into.add(row.conversation_id);
    }
}

/**
 * The first step of an erase by contact, outside its transaction: reads the contacts of the tenant's stored
 * payloads batch by batch (`readBatch(afterSeq, limit)`, in `seq` order), so a large journal neither holds a
 * lock nor blocks the event loop for long (`pause` runs between batches). Resolves with the matching
 * conversations and the last `seq` read; the transaction then reads what arrived after it.
 */
export async function findContactConversations(
    match: EraseMatch,
    readBatch: (afterSeq: number, limit: number) => Promise<ContactRow[]> | ContactRow[],
    pause?: () => Promise<void>
): Promise<{ conversationIds: Set<string>; lastSeq: number }> {
    const conversationIds = new Set<string>();
    let lastSeq = 0;
    for (;;) {
        const rows = await readBatch(lastSeq, ERASE_SCAN_BATCH);
        collectContactConversations(rows, match, conversationIds);
        const last = rows.at(-1);
        if (last) lastSeq = toInteger(last.seq);
        if (rows.length < ERASE_SCAN_BATCH) return { conversationIds, lastSeq };
        await pause?.();
    }
}

/**
 * What `erase` changes in each delivery, and its answer. Personal data (payload, checkpoint) is cleared in
 * every one; a queued or running delivery is stopped (dead, with `lastError`); a dead one's last error is
 * replaced by `lastError` (the old text may name personal data); a done one keeps its status and result.
 */
export function planErase(
    rows: readonly ErasableRow[],
    lastError: ErrorReport
): { updates: EraseUpdate[]; result: EraseResult } {
    const lastErrorText = toJsonText(lastError);
    const result: EraseResult = {
        conversations: 0,
        deliveries: 0,
        mediaJobs: 0,
        cancelled: 0,
        interrupted: 0,
    };
    const conversations = new Set<string>();
    const updates = rows.map((row): EraseUpdate => {
        conversations.add(row.conversation_id.split('/')[0] as string);
        if (row.kind === 'media') result.mediaJobs++;
        else result.deliveries++;
        if (row.status === 'queued') result.cancelled++;
        if (row.status === 'running') result.interrupted++;
        const status = toDeliveryStatus(row.status) === 'done' ? 'done' : 'dead';
        return { id: row.id, status, lastError: status === 'dead' ? lastErrorText : null };
    });
    result.conversations = conversations.size;
    return { updates, result };
}
