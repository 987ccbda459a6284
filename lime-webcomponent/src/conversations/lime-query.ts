import type { HttpClient } from '../platform/platform.types.ts';
import { classifyHttpError } from './classify-http-error.ts';
import { UnexpectedResponseError, type LimeRecord } from './lime-records.ts';

/** A filter expression of Lime's query DSL (lime-crm.md §1.7). */
export type QueryFilter =
    | { key: string; op: string; exp: unknown }
    | { op: 'AND' | 'OR'; exp: QueryFilter[] }
    | { op: '!'; exp: QueryFilter };

/** A query without paging; {@link queryAllObjects} adds `limit` and `offset`. */
export interface LimeQuery {
    limetype: string;
    /** Flat: each wanted property with the value `""` (nested belongsto formats are [inferred]). */
    responseFormat: { object: Record<string, ''> };
    filter?: QueryFilter;
    orderBy?: Array<Record<string, 'ASC' | 'DESC'>>;
}

// n8n's Lime node pages the Query API in batches of 200 against real Lime [confirmed, lime-crm.md §1.7];
// Lime's own maximum is [unknown] (the sandbox allows 500).
export const QUERY_PAGE_SIZE = 200;
// Same guard as fetchAllObjects: a server that never answers a short page must not loop forever.
const MAX_PAGES = 50;

/**
 * Most ids one `IN` filter carries. The query travels in the URL (`GET …/query/?q=`, the only form
 * confirmed, lime-crm.md §5.3), url-encoded JSON costs about 10 characters per id, and a server in front of
 * Lime may cap the query string (IIS's default is 2,048 bytes) [inferred]: 100 ids stay near 1,300.
 * It matches the page size of the record list, so one page of conversations is one query.
 */
export const IDS_PER_QUERY = 100;

/** The URL of a query for the platform's http service (relative to the application root). */
export function buildQueryUrl(query: object): string {
    return `api/v1/query/?q=${encodeURIComponent(JSON.stringify(query))}`;
}

/**
 * Runs a query through the platform's http service (`GET api/v1/query/?q=<JSON>`, lime-crm.md §1.7),
 * paging with `limit`/`offset` until a page comes back short. The caller's `orderBy` should be stable
 * (`_id`) so that pages do not overlap. Throws the http service's error, or
 * {@link UnexpectedResponseError} when the answer is not `{objects: [...]}`.
 */
export async function queryAllObjects(
    http: HttpClient,
    query: LimeQuery,
    signal?: AbortSignal
): Promise<LimeRecord[]> {
    const objects: LimeRecord[] = [];
    for (let page = 0; ; page++) {
        if (page === MAX_PAGES) {
            throw new UnexpectedResponseError(
                `Lime's query API returned more than ${MAX_PAGES} pages for ${query.limetype}`
            );
        }
        signal?.throwIfAborted();
        const url = buildQueryUrl({
            ...query,
            limit: QUERY_PAGE_SIZE,
            offset: page * QUERY_PAGE_SIZE,
        });
        const body = await http.get(url);
        signal?.throwIfAborted();
        const batch = readQueryObjects(body, query.limetype);
        objects.push(...batch);
        if (batch.length < QUERY_PAGE_SIZE) {
            return objects;
        }
    }
}

/**
 * Whether a failed query means "this query cannot be run here", so the per-object REST calls should be
 * used instead: a 400 (a property or relation the customer's data model does not have; the sandbox
 * answers so, real Lime's status for it is [inferred]), a 404 (no Query API) or a 401/403 (the user may
 * not use it), or an answer that is not the Query API's. Other failures (5xx, network) are not fixed by
 * asking differently.
 */
export function isQueryUnusable(error: unknown): boolean {
    if (error instanceof UnexpectedResponseError) {
        return true;
    }
    const kind = classifyHttpError(error).kind;
    return kind === 'bad-request' || kind === 'not-found' || kind === 'forbidden';
}

/** Splits a list into chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
    const chunks: T[][] = [];
    for (let index = 0; index < items.length; index += size) {
        chunks.push(items.slice(index, index + size));
    }
    return chunks;
}

function readQueryObjects(body: unknown, limetype: string): LimeRecord[] {
    const list =
        typeof body === 'object' && body !== null
            ? (body as { objects?: unknown }).objects
            : undefined;
    if (!Array.isArray(list)) {
        throw new UnexpectedResponseError(
            `Lime's answer to the ${limetype} query has no objects list`
        );
    }
    return list.filter(
        (item): item is LimeRecord =>
            typeof item === 'object' &&
            item !== null &&
            typeof (item as { _id?: unknown })._id === 'number'
    );
}
