import type { ErrorReport } from '../errors.ts';
import type { ConversationState, Delivery, DeliveryStatus } from './delivery-store.ts';

/**
 * The stored shape of deliveries and conversations, and its conversion to the store's types. Shared by the
 * SQL implementations: times are epoch milliseconds in BIGINT columns and JSON is TEXT, so the same columns
 * work on SQLite and PostgreSQL (whose driver returns BIGINT as a string, hence `toInteger`).
 */

/** Every status, in a stable order (for counts and validation). */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
    'queued',
    'running',
    'done',
    'dead',
    'refused',
];

type SqlInteger = number | bigint | string;

/** One row of `deliveries`, as a driver returns it. */
export interface DeliveryRow {
    seq: SqlInteger;
    id: string;
    tenant: string;
    conversation_id: string;
    content_hash: string;
    payload: string | null;
    status: string;
    attempts: SqlInteger;
    run_at: SqlInteger;
    lease_token: string | null;
    lease_owner: string | null;
    lease_expires_at: SqlInteger | null;
    created_at: SqlInteger;
    updated_at: SqlInteger;
    last_error: string | null;
    result: string | null;
    checkpoint: string | null;
    kind: string;
    parent_id: string | null;
    redriven_at: SqlInteger | null;
    erased_at: SqlInteger | null;
}

/** A row as inserted, before the database has numbered it. */
export type InsertedRow = Omit<DeliveryRow, 'seq'>;

/** One row of `conversations`, as a driver returns it. */
export interface ConversationRow {
    tenant: string;
    conversation_id: string;
    last_hash: string | null;
    result: string | null;
    updated_at: SqlInteger;
}

/** Converts a stored integer (number, bigint or numeric string) to a JS number. */
export function toInteger(value: SqlInteger): number {
    const millis = Number(value);
    if (!Number.isSafeInteger(millis)) {
        throw new TypeError(
            `Delivery store: expected an integer column value, got ${String(value)}`
        );
    }
    return millis;
}

/** Converts a nullable stored time to a Date (or null). */
function toDate(value: SqlInteger | null): Date | null {
    return value === null ? null : new Date(toInteger(value));
}

/** Serialises a JSON column value; `undefined` is stored as NULL. */
export function toJsonText(value: unknown): string | null {
    return value === undefined ? null : JSON.stringify(value);
}

/** Parses a JSON column value; NULL reads as null. */
export function fromJsonText(text: string | null): unknown {
    return text === null ? null : (JSON.parse(text) as unknown);
}

/**
 * Reads a stored last error. Every version from 7 on stores JSON, and version 7 converted what was stored
 * before; text can only come from an instance of an older version still running during a rolling upgrade
 * (docs/postgresql.md). Such text is shown as it is, as a 500 `internal_error`, rather than failing the read.
 */
function toErrorReport(text: string | null): ErrorReport | null {
    if (text === null) return null;
    if (text.startsWith('{')) return JSON.parse(text) as ErrorReport;
    return { status: 500, code: 'internal_error', message: text, retryable: false };
}

/** Narrows a stored status, failing loudly on a value no version of this code writes. */
export function toDeliveryStatus(value: string): DeliveryStatus {
    if ((DELIVERY_STATUSES as readonly string[]).includes(value)) {
        return value as DeliveryStatus;
    }
    throw new TypeError(`Delivery store: unknown delivery status "${value}" in the database`);
}

/** Builds a `Delivery` from its row. */
export function toDelivery(row: InsertedRow): Delivery {
    return {
        id: row.id,
        tenant: row.tenant,
        conversationId: row.conversation_id,
        contentHash: row.content_hash,
        payload: row.payload,
        status: toDeliveryStatus(row.status),
        attempts: toInteger(row.attempts),
        runAt: new Date(toInteger(row.run_at)),
        createdAt: new Date(toInteger(row.created_at)),
        updatedAt: new Date(toInteger(row.updated_at)),
        lastError: toErrorReport(row.last_error),
        result: fromJsonText(row.result),
        checkpoint: fromJsonText(row.checkpoint),
        kind: row.kind === 'media' ? 'media' : 'conversation',
        parentId: row.parent_id,
        redrivenAt: toDate(row.redriven_at),
        erasedAt: toDate(row.erased_at),
    };
}

/** Builds a `ConversationState` from its row. */
export function toConversationState(row: ConversationRow): ConversationState {
    return {
        tenant: row.tenant,
        conversationId: row.conversation_id,
        lastHash: row.last_hash,
        result: fromJsonText(row.result),
        updatedAt: new Date(toInteger(row.updated_at)),
    };
}
