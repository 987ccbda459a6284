import type { HttpClient } from '../platform/platform.types.ts';
import { UnexpectedResponseError, type LimeRecord } from './lime-records.ts';

/** A filter expression of Lime's query DSL (`key`/`op`/`exp`, compound `AND`/`OR`/`!`). */
export type QueryFilter =
    | { key: string; op: string; exp: unknown }
    | { op: 'AND' | 'OR'; exp: QueryFilter[] }
    | { op: '!'; exp: QueryFilter };

/** The wanted properties: `""` for a value, an object of the related object's properties for a belongsto. */
export interface ResponseFormat {
    [property: string]: '' | ResponseFormat;
}

/** A query without paging; {@link queryAllObjects} adds `limit` and `offset`. */
export interface LimeQuery {
    limetype: string;
    /** Nested formats for a belongsto are an assumption (docs/assumptions.md W10). */
    responseFormat: { object: ResponseFormat };
    filter?: QueryFilter;
    orderBy?: Array<Record<string, 'ASC' | 'DESC'>>;
}

// Lime's own n8n nodes page the Query API in batches of 200 against real Lime; Lime's maximum is not
// documented (docs/assumptions.md W10).
export const QUERY_PAGE_SIZE = 200;
// Same guard as fetchAllObjects: a server that never answers a short page must not loop forever.
const MAX_PAGES = 50;

/**
 * Most ids one `IN` filter carries. The query travels in the URL (`GET …/query/?q=`, the only documented
 * form), url-encoded JSON costs about 10 characters per id, and a server in front of Lime may cap the
 * query string (IIS's default is 2,048 bytes): 100 ids stay near 1,300.
 */
export const IDS_PER_QUERY = 100;

/** The URL of a query for the platform's http service (relative to the application root). */
export function buildQueryUrl(query: object): string {
    return `api/v1/query/?q=${encodeURIComponent(JSON.stringify(query))}`;
}

/**
 * Runs a query through the platform's http service (`GET api/v1/query/?q=<JSON>`),
 * paging with `limit`/`offset` until a page comes back short. The caller's `orderBy` should be stable
 * (`_id`) so that pages do not overlap. Throws the http service's error, or
 * {@link UnexpectedResponseError} when the answer is not `{objects: [...]}`.
 */
export async function queryAllObjects(
    http: HttpClient,
    query: LimeQuery,
    signal?: AbortSignal,
    pageSize = QUERY_PAGE_SIZE
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
            limit: pageSize,
            offset: page * pageSize,
        });
        const body = await http.get(url);
        signal?.throwIfAborted();
        const batch = readQueryObjects(body, query.limetype);
        objects.push(...batch);
        if (batch.length < pageSize) {
            return objects;
        }
    }
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
