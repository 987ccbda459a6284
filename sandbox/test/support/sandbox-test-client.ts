/**
 * Test helper: an HTTP client for the sandbox that validates every request body and every response
 * against openapi/lime-crm.yaml, so the sandbox cannot drift from the contract.
 */
import { createOpenApiValidator } from '../../../test/support/openapi-validator.ts';
import type { OpenApiValidator } from '../../../test/support/openapi-validator.ts';
import { afterAll, beforeEach } from 'vitest';
import {
    startSandbox,
    type RunningSandbox,
    type SandboxOptions,
    type SeedIds,
} from '../../src/start-sandbox.ts';

/** The Lime contract, loaded once per test file. */
export const limeContract: OpenApiValidator = createOpenApiValidator(
    new URL('../../../openapi/lime-crm.yaml', import.meta.url)
);

/** Options of one request. */
export interface SandboxRequestOptions {
    /** JSON body (sent with Content-Type: application/json). */
    json?: unknown;
    /** Raw body (for file uploads); set Content-Type in `headers`. */
    raw?: Uint8Array | string;
    headers?: Record<string, string>;
    /** The key to send: 'full' (default), 'restricted', 'none' or a literal key. */
    key?: 'full' | 'restricted' | 'none' | { literal: string };
    /** Query parameters; JSON-encoded if not a string (for `q`). */
    query?: Record<string, unknown>;
    /** The body or query string deliberately violates the contract: assert that, then send it anyway. */
    violatesContract?: boolean;
}

/** A parsed answer. */
export interface SandboxResponse {
    status: number;
    headers: Headers;
    /** Parsed JSON when the answer is JSON, else undefined. */
    body: unknown;
    bytes: Buffer;
}

/** Reads `message` from an error body. */
export function readMessage(response: SandboxResponse): string {
    const body = response.body;
    return typeof body === 'object' && body !== null && 'message' in body
        ? String(body.message)
        : '';
}

/** A validated client bound to one sandbox. */
export interface SandboxClient {
    request(
        method: string,
        path: string,
        options?: SandboxRequestOptions
    ): Promise<SandboxResponse>;
    get(path: string, options?: SandboxRequestOptions): Promise<SandboxResponse>;
    post(path: string, json: unknown, options?: SandboxRequestOptions): Promise<SandboxResponse>;
    put(path: string, json: unknown, options?: SandboxRequestOptions): Promise<SandboxResponse>;
    delete(path: string, options?: SandboxRequestOptions): Promise<SandboxResponse>;
    query(query: unknown, options?: SandboxRequestOptions): Promise<SandboxResponse>;
}

function resolveKey(
    sandbox: RunningSandbox,
    key: SandboxRequestOptions['key']
): string | undefined {
    if (key === undefined || key === 'full') return sandbox.apiKey;
    if (key === 'restricted') return sandbox.restrictedApiKey;
    if (key === 'none') return undefined;
    return key.literal;
}

/** The query string as the server receives it: name → text, or texts when given more than once. */
function readSearchParameters(url: URL): Record<string, string | string[]> {
    const query: Record<string, string | string[]> = {};
    for (const name of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(name);
        query[name] = values.length === 1 ? (values[0] ?? '') : values;
    }
    return query;
}

/**
 * Validates the query string and the JSON body against the contract. With `violatesContract`, at
 * least one of them must violate it (so a test cannot claim a violation that is not one).
 */
function checkRequestAgainstContract(
    method: string,
    path: string,
    url: URL,
    options: SandboxRequestOptions
): void {
    const checks = [
        () =>
            limeContract.validateQuery({
                method,
                path: url.pathname,
                query: readSearchParameters(url),
            }),
        () => {
            if (options.json !== undefined) {
                limeContract.validateRequest({ method, path: url.pathname, body: options.json });
            }
        },
    ];
    if (!options.violatesContract) {
        checks.forEach((check) => check());
        return;
    }
    const violated = checks.some((check) => {
        try {
            check();
            return false;
        } catch {
            return true;
        }
    });
    if (!violated) {
        throw new Error(`test bug: ${method} ${path} was expected to violate the contract`);
    }
}

/** Builds a client; `path` arguments are relative to the base URL, e.g. '/api/v1/limeobject/person/'. */
export function createSandboxClient(sandbox: RunningSandbox): SandboxClient {
    const request = async (
        method: string,
        path: string,
        options: SandboxRequestOptions = {}
    ): Promise<SandboxResponse> => {
        const url = new URL(`${sandbox.baseUrl}${path}`);
        for (const [name, value] of Object.entries(options.query ?? {})) {
            url.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
        }
        const headers: Record<string, string> = { ...options.headers };
        const key = resolveKey(sandbox, options.key);
        if (key !== undefined) headers['x-api-key'] = key;
        let body: string | Uint8Array | undefined;
        if (options.json !== undefined) {
            headers['content-type'] ??= 'application/json';
            body = JSON.stringify(options.json);
        } else if (options.raw !== undefined) {
            body = options.raw;
        }
        checkRequestAgainstContract(method, path, url, options);
        const response = await fetch(url, { method, headers, body });
        const bytes = Buffer.from(await response.arrayBuffer());
        const contentType = response.headers.get('content-type') ?? '';
        const parsed: unknown =
            contentType.includes('json') && bytes.length > 0
                ? JSON.parse(bytes.toString('utf8'))
                : undefined;
        limeContract.validateResponse({
            method,
            path: url.pathname,
            status: response.status,
            body: contentType.includes('json') ? parsed : bytes.length > 0 ? bytes : undefined,
            contentType: contentType === '' ? 'application/json' : contentType,
        });
        return { status: response.status, headers: response.headers, body: parsed, bytes };
    };
    return {
        request,
        get: (path, options) => request('GET', path, options),
        post: (path, json, options) => request('POST', path, { ...options, json }),
        put: (path, json, options) => request('PUT', path, { ...options, json }),
        delete: (path, options) => request('DELETE', path, options),
        query: (query, options) =>
            request('GET', '/api/v1/query/', { ...options, query: { q: query } }),
    };
}

/** The objects of a list answer. */
export function readObjects(response: SandboxResponse): Record<string, unknown>[] {
    const body = response.body as { _embedded?: { limeobjects?: Record<string, unknown>[] } };
    return body._embedded?.limeobjects ?? [];
}

/** The body as a record (for property access in tests). */
export function readBody(response: SandboxResponse): Record<string, unknown> {
    return response.body as Record<string, unknown>;
}

/** What {@link useSandbox} gives a test file. */
export interface SandboxSuite {
    sandbox: RunningSandbox;
    client: SandboxClient;
    /** The seed data's ids. */
    ids: SeedIds;
}

/**
 * The test file's sandbox (`await useSandbox()` at the top of the file): started with the seed data, reset
 * before each test, closed after the file, with its validating client.
 */
export async function useSandbox(options: SandboxOptions = {}): Promise<SandboxSuite> {
    const sandbox = await startSandbox(options);
    afterAll(() => sandbox.close());
    beforeEach(() => sandbox.reset());
    return { sandbox, client: createSandboxClient(sandbox), ids: sandbox.seedIds! };
}
