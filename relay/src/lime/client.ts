import type { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import { limeErrorFromNetwork, limeErrorFromResponse } from './errors.ts';
import type { LimeObject, LimeProperty, Limetype } from './types.ts';

export interface LimeClientOptions {
    /** Base URL including the application, e.g. https://acme.lime-crm.com/acme. */
    baseUrl: string;
    apiKey: string;
    timeoutMs: number;
    logger: Logger;
    /** Called before every request, e.g. to wait for the rate limiter; stops waiting when `signal` aborts. */
    beforeRequest?: (signal: AbortSignal | undefined) => Promise<void>;
    /** Called after every request with its outcome, e.g. for metrics. */
    afterRequest?: (outcome: {
        method: string;
        status: number | undefined;
        durationMs: number;
    }) => void;
}

/** A comparison of Lime's query API (docs/lime-rest-api.md §4). */
export type QueryOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | '=?' | '?' | '=$';

export type QueryFilter =
    | { key: string; op: QueryOperator; exp: unknown }
    | { op: 'AND' | 'OR'; exp: QueryFilter[] }
    | { op: '!'; exp: QueryFilter };

/** The properties a query returns, each `''`, or an object of a belongsto's properties. */
export interface ResponseFormat {
    [property: string]: '' | ResponseFormat;
}

export interface LimeQuery {
    limetype: string;
    responseFormat: { object: ResponseFormat };
    filter?: QueryFilter;
    orderBy?: Record<string, 'ASC' | 'DESC'>[];
    limit?: number;
    offset?: number;
}

/** The part of Lime's REST API the relay uses. Every failure is thrown as a LimeError. */
export interface LimeClient {
    /** `GET /api/v1/`: succeeds when the API key is valid. */
    ping(): Promise<void>;
    getLimetype(name: string): Promise<Limetype>;
    /** Objects whose properties equal the given values (Lime's equality filters), at most `limit`. */
    findObjects(
        limetype: string,
        equals: Record<string, string | number>,
        limit: number
    ): Promise<LimeObject[]>;
    /** The object, or null when it does not exist or the API user may not read it (404/403). */
    getObjectIfReadable(limetype: string, id: number): Promise<LimeObject | null>;
    createObject(limetype: string, values: Record<string, unknown>): Promise<LimeObject>;
    updateObject(
        limetype: string,
        id: number,
        values: Record<string, unknown>
    ): Promise<LimeObject>;
    deleteObject(limetype: string, id: number): Promise<void>;
    query(query: LimeQuery): Promise<Record<string, unknown>[]>;
    /**
     * `POST /api/v1/file/` with the raw bytes streamed from the source's `body` (never held in memory), the
     * file name in an RFC 5987 `Content-Disposition`. The source is opened only once the request may go
     * (after `beforeRequest`, e.g. the rate limiter), so a download does not start, and its time limit
     * does not run, while the upload waits for its turn. Resolves with the new file's id.
     */
    uploadFile(open: () => Promise<UploadSource>): Promise<{ id: number }>;
    /**
     * The same client for one piece of work (a delivery): its requests log through `logger` (so every line
     * carries the delivery's id) and stop, waiting or in flight, when `signal` aborts (the lease was lost or
     * the worker stops), rejecting with the signal's reason.
     */
    withScope(scope: LimeRequestScope): LimeClient;
}

/** Who a client's requests are for: see `LimeClient.withScope`. */
export interface LimeRequestScope {
    logger: Logger;
    signal?: AbortSignal;
}

/** What `uploadFile` streams to Lime. */
export interface UploadSource {
    body: Readable;
    fileName: string;
    contentType: string;
    contentLength?: number;
}

/**
 * Creates the client for one Lime application. The API key travels only in the `x-api-key` header of this
 * client's own axios instance; absolute URLs are refused so that no other host ever receives it
 * (CVE-2025-27152).
 */
export function createLimeClient(options: LimeClientOptions): LimeClient {
    const http: AxiosInstance = axios.create({
        baseURL: `${options.baseUrl.replace(/\/+$/, '')}/api/v1/`,
        allowAbsoluteUrls: false,
        timeout: options.timeoutMs,
        maxRedirects: 0,
        validateStatus: () => true,
        headers: {
            'x-api-key': options.apiKey,
            accept: 'application/hal+json, application/json',
            'user-agent': 'userlike-lime-relay',
            'x-source-application': 'userlike-lime-relay',
        },
    });

    return createScopedClient(http, options, { logger: options.logger });
}

function createScopedClient(
    http: AxiosInstance,
    options: LimeClientOptions,
    scope: LimeRequestScope
): LimeClient {
    const { logger, signal } = scope;

    async function request<T>(
        method: 'GET' | 'POST' | 'PUT' | 'DELETE',
        path: string,
        extra: {
            params?: Record<string, string | number>;
            data?: unknown;
            headers?: Record<string, string>;
            /** Builds the body and its headers once the request may go (after `beforeRequest`). */
            openBody?: () => Promise<{ data: unknown; headers: Record<string, string> }>;
            notFoundAsNull?: boolean;
        } = {}
    ): Promise<T | null> {
        signal?.throwIfAborted();
        try {
            await options.beforeRequest?.(signal);
        } catch (error) {
            signal?.throwIfAborted(); // an aborted wait rejects with the abort's reason
            throw error;
        }
        signal?.throwIfAborted();
        const body = extra.openBody ? await extra.openBody() : undefined;
        const started = performance.now();
        const where = { method, path: `/api/v1/${path}` };
        let response;
        try {
            response = await http.request({
                method,
                url: path,
                params: extra.params,
                data: body ? body.data : extra.data,
                headers: body ? body.headers : extra.headers,
                // Uploads are streamed; their size is capped where they are downloaded.
                maxBodyLength: Infinity,
                signal,
            });
        } catch (error) {
            // Stopped on purpose (lease lost, worker stopping): not Lime's failure.
            signal?.throwIfAborted();
            const reason = axios.isAxiosError(error)
                ? (error.code ?? 'network error')
                : 'network error';
            options.afterRequest?.({
                method,
                status: undefined,
                durationMs: performance.now() - started,
            });
            logger.warn({ lime: { ...where, reason } }, 'Lime request failed without an answer');
            throw limeErrorFromNetwork(where, reason, undefined);
        }
        const durationMs = performance.now() - started;
        options.afterRequest?.({ method, status: response.status, durationMs });
        logger.debug(
            { lime: { ...where, status: response.status, ms: Math.round(durationMs) } },
            'Lime request'
        );
        if (extra.notFoundAsNull && (response.status === 404 || response.status === 403))
            return null;
        if (response.status >= 400) {
            throw limeErrorFromResponse(
                where,
                response.status,
                response.data,
                header(response.headers['retry-after'])
            );
        }
        return response.data as T;
    }

    const objectPath = (limetype: string, id?: number): string =>
        `limeobject/${encodeURIComponent(limetype)}/${id === undefined ? '' : `${id}/`}`;

    return {
        async ping() {
            await request('GET', '');
        },
        async getLimetype(name) {
            const body = await request<{
                name: string;
                _embedded?: { properties?: LimeProperty[] };
            }>('GET', `limetype/${encodeURIComponent(name)}/`, {
                params: { _embed: 'properties' },
            });
            const properties = body?._embedded?.properties ?? [];
            return {
                name: body?.name ?? name,
                properties: new Map(properties.map((p) => [p.name, p])),
            };
        },
        async findObjects(limetype, equals, limit) {
            const body = await request<{ _embedded?: { limeobjects?: LimeObject[] } }>(
                'GET',
                objectPath(limetype),
                {
                    params: { ...equals, _limit: limit },
                }
            );
            return body?._embedded?.limeobjects ?? [];
        },
        async getObjectIfReadable(limetype, id) {
            return request<LimeObject>('GET', objectPath(limetype, id), { notFoundAsNull: true });
        },
        async createObject(limetype, values) {
            return (await request<LimeObject>('POST', objectPath(limetype), {
                data: values,
            })) as LimeObject;
        },
        async updateObject(limetype, id, values) {
            return (await request<LimeObject>('PUT', objectPath(limetype, id), {
                data: values,
            })) as LimeObject;
        },
        async deleteObject(limetype, id) {
            await request('DELETE', objectPath(limetype, id));
        },
        async uploadFile(open) {
            const metadata = await request<{ id: number }>('POST', 'file/', {
                openBody: async () => {
                    const file = await open();
                    return {
                        data: file.body,
                        headers: {
                            'content-type': file.contentType,
                            'content-disposition': `attachment; filename*=UTF-8''${encodeRfc5987(file.fileName)}`,
                            ...(file.contentLength === undefined
                                ? {}
                                : { 'content-length': String(file.contentLength) }),
                        },
                    };
                },
            });
            return { id: Number(metadata?.id) };
        },
        async query(query) {
            const body = await request<{ objects?: Record<string, unknown>[] }>('GET', 'query/', {
                params: { q: JSON.stringify(query) },
            });
            return body?.objects ?? [];
        },
        withScope(next) {
            return createScopedClient(http, options, next);
        },
    };
}

function header(value: unknown): string | undefined {
    return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** RFC 5987 `ext-value` encoding of a file name (docs/lime-rest-api.md §5). */
function encodeRfc5987(value: string): string {
    return encodeURIComponent(value).replace(
        /['()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
    );
}
