import type { HttpClient } from '../platform/platform.types.ts';

/** A limeobject as the REST API returns it (HAL JSON); only `_id` is relied on. */
export interface LimeRecord {
    _id: number;
    _descriptive?: string;
    _createdtime?: string;
    _links?: Record<string, { href?: string; name?: string } | undefined>;
    [property: string]: unknown;
}

/** Thrown when Lime answers with something that is not a limeobject list. */
export class UnexpectedResponseError extends Error {
    public override readonly name = 'UnexpectedResponseError';
}

// Keeps a runaway `next` chain (a server bug) from looping forever: 50 pages of 100 objects.
const MAX_PAGES = 50;
const PAGE_SIZE = 100;

/**
 * Reads every limeobject of a list endpoint (`…/limeobject/<lt>/?…` or a hasmany `…/<lt>/<id>/<prop>/`),
 * following `_links.next` until it is absent. Stops with an AbortError when `signal` aborts; the
 * platform's http service takes no signal, so a request already sent still completes.
 */
export async function fetchAllObjects(
    http: HttpClient,
    url: string,
    signal?: AbortSignal
): Promise<LimeRecord[]> {
    const objects: LimeRecord[] = [];
    let next: string | undefined = withLimit(url);
    for (let page = 0; next !== undefined; page++) {
        if (page === MAX_PAGES) {
            throw new UnexpectedResponseError(
                `Lime returned more than ${MAX_PAGES} pages for ${url}`
            );
        }
        signal?.throwIfAborted();
        const body = await http.get(next);
        signal?.throwIfAborted();
        objects.push(...readObjects(body, url));
        next = readNextUrl(body);
    }
    return objects;
}

/** Reads the object of a single-object endpoint, or throws {@link UnexpectedResponseError}. */
export function readObject(body: unknown, url: string): LimeRecord {
    if (isRecord(body) && typeof body._id === 'number') {
        return body as LimeRecord;
    }
    throw new UnexpectedResponseError(`Lime's answer to ${url} is not a limeobject`);
}

/**
 * Turns an absolute `_links.next.href` into a URL relative to the application root, since the http
 * service expects relative URLs and the API answers with absolute ones.
 */
export function toApplicationRelativeUrl(href: string): string {
    const index = href.indexOf('api/v1/');
    return index === -1 ? href : href.slice(index);
}

/** The objects of one page of a list endpoint (`_embedded.limeobjects`), or throws {@link UnexpectedResponseError}. */
export function readObjects(body: unknown, url: string): LimeRecord[] {
    const embedded = isRecord(body) ? body._embedded : undefined;
    const list = isRecord(embedded) ? embedded.limeobjects : undefined;
    if (!Array.isArray(list)) {
        throw new UnexpectedResponseError(`Lime's answer to ${url} has no _embedded.limeobjects`);
    }
    return list.filter(
        (item): item is LimeRecord => isRecord(item) && typeof item._id === 'number'
    );
}

/** The application-relative URL of the next page, when the list has one. */
export function readNextUrl(body: unknown): string | undefined {
    const links = isRecord(body) ? body._links : undefined;
    const next = isRecord(links) ? links.next : undefined;
    const href = isRecord(next) ? next.href : undefined;
    return typeof href === 'string' && href !== '' ? toApplicationRelativeUrl(href) : undefined;
}

function withLimit(url: string): string {
    if (/[?&]_limit=/.test(url)) {
        return url;
    }
    return `${url}${url.includes('?') ? '&' : '?'}_limit=${PAGE_SIZE}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}
